"""Artifacts: versioned sets of files (local side, manifests, cache, transfer).

Seams used by other modules:

- ``artifact.Artifact`` (``wandb.Artifact``); ``Artifact._from_attrs(entity, project, name, attrs,
  client)`` builds a logged artifact from the ``ArtifactFragment`` of ``_gql_fragments``;
  ``Artifact._from_id(id, client)``; ``artifact._set_save_handle(handle, client)`` then
  ``artifact.wait()`` (handle: ``wait_or(timeout)`` as in ``run_artifacts.SaveHandle``).
- ``_internal_artifact.InternalArtifact`` for reserved types (``run_table`` named ``run-*``...).
- ``artifact_file_cache.get_artifact_file_cache()`` / ``cache_cleanup("10GB", remove_temp)``
  (``wandb artifact cache cleanup``).
- ``_post_upload.cache_uploaded_entries(entries)`` after a successful upload (saver).
- ``_hashing.md5_files(paths)`` (Rust, persistent hash cache); ``_hashing.worker_pool()``.
"""

"""Upload one artifact version to a W&B server and commit it (the save path of ``log_artifact``).

The GraphQL operations and their order are those of wandb 0.21.3's core (network notes §6.1):

1. InputFields(CreateArtifactInput) (once per client: which optional inputs the server knows)
2. CreateArtifact: a PENDING version, or the COMMITTED one with the same digest (dedup: done)
3. CreateArtifactManifest (``includeUpload: false``): the manifest's id
4. CreateArtifactFiles (batches): one upload URL per file, null when the server has the content
5. PUT of every file (``wandb._core.upload_files``: parallel, retried per request / part,
   multipart for files >= 2 GiB), failed files get fresh URLs and are tried again
6. ClientIDMapping for ``wandb-client-artifact://`` references (tables, media)
7. CreateArtifactManifest (or UpdateArtifactManifest for PATCH / INCREMENTAL) with the
   manifest's base64 MD5, then a PUT of the manifest
8. CommitArtifact (only when ``finalize``), then UseArtifact when ``use_after_commit``

Nothing is committed unless every file and the manifest were stored: a failure raises
(``CommError`` / ``OSError``) and leaves the version PENDING, never partial.

Entry points: :func:`save_artifact` (an ``Artifact`` object) and :func:`save_record` (the
``artifact`` record of a transaction log, used by ``Run.log_artifact``'s background thread and
by ``wandb sync``). Both accept any GraphQL client whose ``execute(document, variables)``
returns the response's ``data`` (the public API's client or ``wandb.sdk.online.gql.GQLClient``).
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import os
import random
import threading
import time
from typing import Any, Iterable

from wandb.errors import CommError

#: files at or above this size go up in parts when the server offers multipart URLs
MULTIPART_THRESHOLD = 2 * 1024**3
#: part size of multipart uploads (wandb: 100 MiB; more than 10,000 parts -> larger parts)
PART_SIZE = 100 * 1024**2
MAX_PARTS = 10_000
#: CreateArtifactFiles batch size
FILES_BATCH = 1000
#: rounds of "fresh URLs, upload what failed" before giving up
UPLOAD_ROUNDS = 3
#: manifests with more entries than this are carried in a gzip'd JSON-lines file (as wandb)
MANIFEST_FILE_THRESHOLD = 100_000

CREATE_ARTIFACT = """mutation CreateArtifact($input: CreateArtifactInput!) {
  createArtifact(input: $input) {
    artifact { id state artifactSequence { latestArtifact { id } } }
  }
}"""

INPUT_FIELDS = """query InputFields($typeName: String!) {
  TypeInfo: __type(name: $typeName) { inputFields { name } }
}"""

CREATE_MANIFEST = """mutation CreateArtifactManifest($artifactID: ID!, $baseArtifactID: ID, $name: String!,
  $digest: String!, $entityName: String!, $projectName: String!, $runName: String!,
  $manifestType: ArtifactManifestType!, $includeUpload: Boolean!) {
  createArtifactManifest(input: {artifactID: $artifactID, baseArtifactID: $baseArtifactID, name: $name,
    digest: $digest, entityName: $entityName, projectName: $projectName, runName: $runName,
    type: $manifestType}) {
    artifactManifest { id file { id uploadUrl @include(if: $includeUpload)
      uploadHeaders @include(if: $includeUpload) } }
  }
}"""

UPDATE_MANIFEST = """mutation UpdateArtifactManifest($artifactManifestID: ID!, $digest: String,
  $baseArtifactID: ID, $includeUpload: Boolean!) {
  updateArtifactManifest(input: {artifactManifestID: $artifactManifestID, digest: $digest,
    baseArtifactID: $baseArtifactID}) {
    artifactManifest { id file { id uploadUrl @include(if: $includeUpload)
      uploadHeaders @include(if: $includeUpload) } }
  }
}"""

CREATE_FILES = """mutation CreateArtifactFiles($artifactFiles: [CreateArtifactFileSpecInput!]!,
  $storageLayout: ArtifactStorageLayout!) {
  createArtifactFiles(input: {artifactFiles: $artifactFiles, storageLayout: $storageLayout}) {
    files { edges { node { storagePath uploadUrl uploadHeaders
      uploadMultipartUrls { uploadID uploadUrlParts { partNumber uploadUrl } }
      artifact { id } } } }
  }
}"""

#: CreateArtifactFiles asking only what a same-machine upload needs (our server only; a third
#: of the fields for the server to resolve per file)
CREATE_FILES_LEAN = """mutation CreateArtifactFiles($artifactFiles: [CreateArtifactFileSpecInput!]!,
  $storageLayout: ArtifactStorageLayout!) {
  createArtifactFiles(input: {artifactFiles: $artifactFiles, storageLayout: $storageLayout}) {
    files { edges { node { uploadUrl uploadHeaders artifact { id } } } }
  }
}"""

COMPLETE_MULTIPART = """mutation CompleteMultipartUploadArtifact(
  $completeMultipartAction: CompleteMultipartAction!, $completedParts: [UploadPartsInput!]!,
  $artifactID: ID!, $storagePath: String!, $uploadID: String!) {
  completeMultipartUploadArtifact(input: {completeMultipartAction: $completeMultipartAction,
    completedParts: $completedParts, artifactID: $artifactID, storagePath: $storagePath,
    uploadID: $uploadID}) { digest }
}"""

COMMIT_ARTIFACT = """mutation CommitArtifact($artifactID: ID!) {
  commitArtifact(input: {artifactID: $artifactID}) { artifact { id digest } }
}"""

CLIENT_ID_MAPPING = """query ClientIDMapping($clientID: ID!) {
  clientIDMapping(clientID: $clientID) { serverID }
}"""

USE_ARTIFACT = """mutation UseArtifact($entityName: String!, $projectName: String!, $runName: String!,
  $artifactID: ID!) {
  useArtifact(input: {entityName: $entityName, projectName: $projectName, runName: $runName,
    artifactID: $artifactID}) { artifact { id digest description state createdAt metadata } }
}"""

#: optional CreateArtifactInput fields, sent only when the server lists them (as the core does)
_OPTIONAL_INPUTS = ("tags", "ttlDurationSeconds", "historyStep", "distributedID", "clientID",
                    "sequenceClientID", "enableDigestDeduplication", "artifactCollectionNames",
                    "labels", "clientMutationId")

_input_fields_cache: dict[str, frozenset[str] | None] = {}
_name_locks: dict[tuple[str, str, str], threading.Lock] = {}
_name_locks_guard = threading.Lock()


# ------------------------------------------------------------------------------ client access


def _status_of(exc: BaseException) -> int | None:
    for obj in (exc, getattr(exc, "exc", None)):
        status = getattr(obj, "status", None) or getattr(obj, "status_code", None)
        if isinstance(status, int):
            return status
    text = str(exc)
    for code in (409, 429, 500, 502, 503, 504):
        if f"error {code}" in text or f"Error {code}" in text or f"({code})" in text:
            return code
    return None


def execute(client: Any, document: str, variables: dict, operation: str, *, conflict: bool = False) -> dict:
    """Run one GraphQL operation on ``client``; 409 answers are retried when ``conflict``."""
    from wandb.sdk.online.gql import GQLClient

    if isinstance(client, GQLClient):
        return client.execute(document, variables, operation=operation, timeout_s=120.0,
                              retry_conflict=conflict)
    attempt = 0
    while True:
        try:
            return client.execute(document, variables)
        except CommError as e:
            attempt += 1
            if not conflict or _status_of(e) != 409 or attempt > 20:
                raise
            time.sleep(min(2.0, 0.05 * 2**attempt) * (1 + random.random()))


def _input_fields(client: Any) -> frozenset[str] | None:
    key = str(getattr(client, "base_url", None) or id(client))
    if key not in _input_fields_cache:
        try:
            data = execute(client, INPUT_FIELDS, {"typeName": "CreateArtifactInput"}, "InputFields")
            fields = ((data.get("TypeInfo") or {}).get("inputFields")) or []
            _input_fields_cache[key] = frozenset(f["name"] for f in fields if isinstance(f, dict))
        except CommError:
            return None  # unknown (not cached): send everything
    return _input_fields_cache[key]


def _lock_for(entity: str, project: str, name: str) -> threading.Lock:
    with _name_locks_guard:
        return _name_locks.setdefault((entity, project, name), threading.Lock())


# ------------------------------------------------------------------------------ the record


def b64_md5_bytes(data: bytes) -> str:
    return base64.b64encode(hashlib.md5(data).digest()).decode("ascii")


def _json_friendly(value: Any) -> Any:
    try:
        from wandb.sdk.lib import value_convert

        return json.loads(value_convert.to_json(value, key="metadata"))
    except Exception:  # noqa: BLE001 - fall back to str() for anything exotic
        return json.loads(json.dumps(value, default=str))


def _entry_record(entry: Any) -> dict:
    out: dict[str, Any] = {"path": entry.path, "digest": entry.digest}
    if getattr(entry, "ref", None):
        out["ref"] = entry.ref
    if getattr(entry, "size", None):
        out["size"] = int(entry.size)
    if getattr(entry, "local_path", None):
        out["local_path"] = str(entry.local_path)
    if getattr(entry, "birth_artifact_id", None):
        out["birth_artifact_id"] = entry.birth_artifact_id
    if getattr(entry, "skip_cache", False):
        out["skip_cache"] = True
    extra = getattr(entry, "extra", None) or {}
    if extra:
        out["extra"] = [{"key": k, "value_json": json.dumps(v)} for k, v in extra.items()]
    return out


def staging_dir() -> str:
    """``$WANDB_DATA_DIR/artifacts/staging`` (where wandb keeps files waiting for upload)."""
    base = os.environ.get("WANDB_DATA_DIR") or os.path.join(os.path.expanduser("~"), ".local", "share", "wandb")
    path = os.path.join(base, "artifacts", "staging")
    os.makedirs(path, exist_ok=True)
    return path


def artifact_record(artifact: Any, *, run_id: str, project: str, entity: str | None,
                    aliases: Iterable[str], tags: Iterable[str] | None = None, finalize: bool = True,
                    distributed_id: str | None = None, user_created: bool = False,
                    use_after_commit: bool = False) -> dict:
    """The ``ArtifactRecord`` (JSON form of docs/dev/core-api.md) that describes ``artifact``."""
    manifest = artifact.manifest
    policy = getattr(manifest, "storage_policy", None)
    try:
        policy_name = policy.name() if policy is not None else "wandb-storage-policy-v1"
    except Exception:  # noqa: BLE001
        policy_name = "wandb-storage-policy-v1"
    try:
        policy_config = dict(policy.config()) if policy is not None else {"storageLayout": "V2"}
    except Exception:  # noqa: BLE001
        policy_config = {"storageLayout": "V2"}
    m: dict[str, Any] = {"version": 1, "storage_policy": policy_name}
    entries = sorted(manifest.entries.values(), key=lambda e: e.path)
    if len(entries) > MANIFEST_FILE_THRESHOLD:
        m["manifest_file_path"] = _write_manifest_file(entries)
    else:
        m["storage_policy_config"] = [{"key": k, "value_json": json.dumps(v)} for k, v in policy_config.items()]
        if entries:
            m["contents"] = [_entry_record(e) for e in entries]
    rec: dict[str, Any] = {
        "run_id": run_id,
        "project": project or "",
        "entity": entity or "",
        "type": artifact.type,
        "name": artifact.name.split(":")[0] if isinstance(artifact.name, str) else artifact.name,
        "digest": artifact.digest,
    }
    description = getattr(artifact, "description", None)
    if description:
        rec["description"] = description
    metadata = getattr(artifact, "metadata", None)
    if metadata:
        rec["metadata"] = json.dumps(_json_friendly(metadata))
    if user_created:
        rec["user_created"] = True
    if use_after_commit:
        rec["use_after_commit"] = True
    rec["aliases"] = list(aliases)
    rec["manifest"] = m
    if distributed_id:
        rec["distributed_id"] = distributed_id
    if finalize:
        rec["finalize"] = True
    rec["client_id"] = artifact._client_id
    rec["sequence_client_id"] = artifact._sequence_client_id
    base_id = getattr(artifact, "_base_id", None)
    if base_id:
        rec["base_id"] = base_id
    ttl = None
    ttl_fn = getattr(artifact, "_ttl_duration_seconds_to_gql", None)
    if callable(ttl_fn):
        try:
            ttl = ttl_fn()
        except Exception:  # noqa: BLE001
            ttl = None
    if ttl:
        rec["ttl_duration_seconds"] = int(ttl)
    if tags:
        rec["tags"] = list(tags)
    if getattr(artifact, "incremental", False):
        rec["incremental_beta1"] = True
    return {k: v for k, v in rec.items() if v not in ("", None, [])} | {"aliases": rec["aliases"]}


def _write_manifest_file(entries: list) -> str:
    folder = os.path.join(staging_dir(), "artifact_manifests")
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, f"{time.time()}_{os.urandom(8).hex()}.manifest_contents.jl.gz")
    with gzip.open(path, "wt", compresslevel=1) as f:
        for e in entries:
            f.write(json.dumps(_entry_record(e)) + "\n")
    return path


def _record_entries(manifest: dict) -> list[dict]:
    """Manifest entries of a record (from ``contents`` or the ``manifest_file_path`` file)."""
    path = manifest.get("manifest_file_path")
    if path:
        out = []
        with gzip.open(path, "rt") as f:
            for line in f:
                if line.strip():
                    e = json.loads(line)
                    if "birthArtifactID" in e:  # wandb writes entry.to_json() lines
                        e["birth_artifact_id"] = e.pop("birthArtifactID")
                    if isinstance(e.get("extra"), dict):
                        e["extra"] = [{"key": k, "value_json": json.dumps(v)} for k, v in e["extra"].items()]
                    out.append(e)
        return out
    return list(manifest.get("contents") or [])


def manifest_json(record: dict, entries: list[dict]) -> dict:
    """The ``wandb_manifest.json`` content for ``entries`` (wandb's serializer: sorted paths,
    only digest, birthArtifactID, ref, extra and size)."""
    m = record.get("manifest") or {}
    config = {}
    for item in m.get("storage_policy_config") or []:
        try:
            config[item["key"]] = json.loads(item.get("value_json") or "null")
        except (KeyError, ValueError):
            continue
    if not config:
        config = {"storageLayout": "V2"}
    contents: dict[str, dict] = {}
    for e in sorted(entries, key=lambda x: x["path"]):
        out: dict[str, Any] = {"digest": e["digest"]}
        if e.get("birth_artifact_id"):
            out["birthArtifactID"] = e["birth_artifact_id"]
        if e.get("ref"):
            out["ref"] = e["ref"]
        extra = {}
        for item in e.get("extra") or []:
            try:
                extra[item["key"]] = json.loads(item.get("value_json") or "null")
            except (KeyError, ValueError):
                continue
        if extra:
            out["extra"] = extra
        out["size"] = int(e.get("size") or 0)
        contents[e["path"]] = out
    return {
        "version": 1,
        "storagePolicy": m.get("storage_policy") or "wandb-storage-policy-v1",
        "storagePolicyConfig": config,
        "contents": contents,
    }


# ------------------------------------------------------------------------------ uploads


def _headers(items: Any) -> dict[str, str]:
    out: dict[str, str] = {}
    for h in items or []:
        if isinstance(h, str) and ":" in h:
            k, v = h.split(":", 1)
            out[k.strip()] = v.strip()
    return out


def _core() -> Any:
    """``internal_core`` (the extension's import point); shim: until it re-exports the artifact
    functions (upload_files, md5_parts), take them from ``wandb._core`` itself."""
    from wandb.sdk import internal_core as core

    if hasattr(core, "upload_files"):
        return core
    try:
        from wandb import _core as raw
    except ImportError:  # pragma: no cover
        return core
    return raw


def upload_items(items: list[dict]) -> list[dict]:
    """PUT files (single or multipart items as ``_core.upload_files`` takes them); one result per item."""
    if not items:
        return []
    core = _core()
    if hasattr(core, "upload_files"):
        return list(core.upload_files(items))
    return [_upload_py(item) for item in items]


def _md5_parts_py(path: str, part_size: int) -> list[str]:
    """Hex MD5 of each ``part_size`` slice (fallback of ``_core.md5_parts``)."""
    out = []
    with open(path, "rb") as f:
        while True:
            h, left = hashlib.md5(), part_size
            while left:
                chunk = f.read(min(left, 1 << 20))
                if not chunk:
                    break
                h.update(chunk)
                left -= len(chunk)
            if left == part_size:
                break
            out.append(h.hexdigest())
            if left:
                break
    return out or [hashlib.md5(b"").hexdigest()]


class _Slice:
    """A file-like window of ``length`` bytes at ``offset`` (streamed by requests)."""

    def __init__(self, path: str, offset: int, length: int) -> None:
        self._f = open(path, "rb")  # noqa: SIM115 - closed by close()
        self._f.seek(offset)
        self._left = length

    def __len__(self) -> int:  # lets requests send a Content-Length instead of chunks
        return self._left

    def read(self, n: int = -1) -> bytes:
        if self._left <= 0:
            return b""
        n = self._left if n is None or n < 0 else min(n, self._left)
        data = self._f.read(n)
        self._left -= len(data)
        return data

    def close(self) -> None:
        self._f.close()


def _upload_py(item: dict, retries: int = 6) -> dict:
    """Fallback used until the Rust extension has ``upload_files``: PUTs, each retried."""
    if "parts" not in item:
        return _put_py(item["path"], item["url"], dict(item.get("headers") or {}), 0, None, retries)
    total = {"ok": True, "status": 0, "error": None, "errno": None, "etag": None, "etags": [], "bytes": 0,
             "attempts": 0}
    for part in item["parts"]:
        headers = dict(item.get("headers") or {})
        if part.get("md5_hex"):
            headers["Content-MD5"] = base64.b64encode(bytes.fromhex(part["md5_hex"])).decode()
        res = _put_py(item["path"], part["url"], headers, part["offset"], part["length"], retries)
        total["attempts"] += res["attempts"]
        total["status"] = res["status"]
        if not res["ok"]:
            total.update(ok=False, error=res["error"], errno=res["errno"])
            return total
        total["bytes"] += res["bytes"]
        total["etags"].append({"part_number": part["part_number"], "etag": res["etag"] or ""})
    return total


def _put_py(path: str, url: str, headers: dict, offset: int, length: int | None, retries: int) -> dict:
    import requests

    last = {"ok": False, "status": 0, "error": None, "errno": None, "etag": None, "etags": [],
            "bytes": 0, "attempts": 0}
    for attempt in range(retries + 1):
        last["attempts"] = attempt + 1
        try:
            size = os.path.getsize(path) if length is None else length
            body = _Slice(path, offset, size)
            try:
                r = requests.put(url, data=body, headers={**headers, "Content-Length": str(size)}, timeout=300)
            finally:
                body.close()
        except OSError as e:
            if isinstance(e, requests.RequestException):
                last.update(error=str(e))
            else:
                last.update(error=f"{path}: {e}", errno=e.errno)
                return last
        else:
            last.update(status=r.status_code)
            if 200 <= r.status_code < 300:
                last.update(ok=True, error=None, etag=r.headers.get("ETag"), bytes=size)
                return last
            last.update(error=f"PUT returned {r.status_code}: {r.text[:200]}")
            if r.status_code in (400, 401, 403, 404, 409, 410, 413, 422, 501):
                return last
        time.sleep(min(5.0, 0.2 * 2**attempt))
    return last


def _part_size(size: int) -> int:
    part = PART_SIZE
    if size > part * MAX_PARTS:
        part = -(-size // MAX_PARTS)
        part = -(-part // 4096) * 4096
    return part


# ------------------------------------------------------------------------------ save


class SaveError(CommError):
    """The artifact could not be uploaded; nothing was committed."""


def save_artifact(
    artifact: Any,
    *,
    client: Any,
    entity: str,
    project: str,
    run_id: str | None,
    aliases: Iterable[str] | None = None,
    tags: Iterable[str] | None = None,
    distributed_id: str | None = None,
    finalize: bool = True,
    history_step: int | None = None,
    use_after_commit: bool = False,
) -> dict:
    """Upload and commit ``artifact`` (a finalized ``wandb.Artifact``); returns the server's
    ``{"id", "state", ...}`` of the version (the existing one when the digest is unchanged)."""
    rec = artifact_record(
        artifact, run_id=run_id or "", project=project, entity=entity,
        aliases=list(aliases or ["latest"]), tags=tags, finalize=finalize,
        distributed_id=distributed_id, use_after_commit=use_after_commit,
    )
    return save_record(rec, client=client, history_step=history_step)


def save_record(record: dict, *, client: Any, history_step: int | None = None,
                entity: str | None = None, project: str | None = None, run_id: str | None = None) -> dict:
    """Upload and commit the artifact an ``artifact`` record describes (see the module doc).

    ``entity`` / ``project`` / ``run_id`` override the record's (``wandb sync --project``...).
    """
    entity = entity or record.get("entity") or ""
    project = project or record.get("project") or ""
    run_id = run_id if run_id is not None else record.get("run_id") or ""
    name = record["name"]
    with _lock_for(entity, project, name):  # the core serialises saves per artifact name
        return _save_locked(record, client, entity, project, run_id, history_step)


def _save_locked(record: dict, client: Any, entity: str, project: str, run_id: str,
                 history_step: int | None) -> dict:
    name = record["name"]
    distributed_id = record.get("distributed_id") or None
    finalize = bool(record.get("finalize"))
    incremental = bool(record.get("incremental_beta1"))
    aliases = list(dict.fromkeys(record.get("aliases") or ["latest"]))
    entries = _record_entries(record.get("manifest") or {})
    # Same machine as the server's blob directory: copy the files into it now, while the
    # GraphQL calls below run (the server then asks for no HTTP upload of them). Content the
    # store already has (an unchanged version: dedup) costs a stat per file.
    from ._local_transfer import PlaceJob, store_for

    store = store_for(client)
    placing = PlaceJob(store, entries) if store is not None else None
    inp: dict[str, Any] = {
        "entityName": entity,
        "projectName": project,
        "artifactTypeName": record["type"],
        "artifactCollectionName": name,
        "artifactCollectionNames": None,
        "runName": run_id or None,
        "digest": record["digest"],
        "digestAlgorithm": "MANIFEST_MD5",
        "description": record.get("description") or None,
        "labels": None,
        "aliases": [{"artifactCollectionName": name, "alias": a} for a in aliases],
        "tags": [{"tagName": t} for t in record.get("tags") or []],
        "metadata": record.get("metadata") or None,
        "ttlDurationSeconds": record.get("ttl_duration_seconds") or None,
        "historyStep": history_step or None,  # the core omits step 0 (wandb 0.21.3 stores null)
        "enableDigestDeduplication": True,
        "distributedID": distributed_id,
        "clientID": record.get("client_id"),
        "sequenceClientID": record.get("sequence_client_id"),
        "clientMutationId": None,
    }
    known = _input_fields(client)
    if known is not None:
        for key in _OPTIONAL_INPUTS:
            if key not in known:
                inp.pop(key, None)
    if not inp.get("tags"):
        inp.pop("tags", None)  # the core sends tags only when there are some
    data = execute(client, CREATE_ARTIFACT, {"input": inp}, "CreateArtifact", conflict=True)
    server = (data.get("createArtifact") or {}).get("artifact")
    if not server or not server.get("id"):
        raise SaveError(f"CreateArtifact for {name!r}: the server returned no artifact")
    artifact_id = server["id"]
    state = server.get("state")
    latest = ((server.get("artifactSequence") or {}).get("latestArtifact")) or None
    base_id = record.get("base_id") or (latest or {}).get("id")
    if state == "COMMITTED":
        if record.get("use_after_commit"):
            _use(client, entity, project, run_id, artifact_id)
        return server
    if state not in ("PENDING", "DELETED"):
        raise SaveError(f'Unknown artifact state "{state}"')

    if incremental:
        manifest_type, manifest_name = "INCREMENTAL", "wandb_manifest.incremental.json"
    elif distributed_id:
        manifest_type, manifest_name = "PATCH", "wandb_manifest.patch.json"
    else:
        manifest_type, manifest_name = "FULL", "wandb_manifest.json"
    mvars = {
        "artifactID": artifact_id, "baseArtifactID": base_id, "name": manifest_name, "digest": "",
        "entityName": entity, "projectName": project, "runName": run_id or "",
        "manifestType": manifest_type, "includeUpload": False,
    }
    data = execute(client, CREATE_MANIFEST, mvars, "CreateArtifactManifest")
    manifest_id = data["createArtifactManifest"]["artifactManifest"]["id"]

    placed = _store_files(client, artifact_id, manifest_id, entries, placing)
    _resolve_client_refs(client, entries)

    body = json.dumps(manifest_json(record, entries), separators=(",", ":")).encode("utf-8")
    digest = b64_md5_bytes(body)
    if manifest_type == "FULL":
        data = execute(client, CREATE_MANIFEST, dict(mvars, digest=digest, includeUpload=True),
                       "CreateArtifactManifest")
        file_info = data["createArtifactManifest"]["artifactManifest"]["file"]
    else:
        data = execute(client, UPDATE_MANIFEST, {"artifactManifestID": manifest_id, "digest": digest,
                                                  "baseArtifactID": base_id, "includeUpload": True},
                       "UpdateArtifactManifest")
        file_info = data["updateArtifactManifest"]["artifactManifest"]["file"]
    url = (file_info or {}).get("uploadUrl")
    if not url:
        raise SaveError(f"artifact {name!r}: the server gave no upload URL for the manifest")
    _put_manifest(url, _headers(file_info.get("uploadHeaders")), body)

    if finalize:
        data = execute(client, COMMIT_ARTIFACT, {"artifactID": artifact_id}, "CommitArtifact")
        committed = (data.get("commitArtifact") or {}).get("artifact") or {}
        server = {**server, **committed, "state": "COMMITTED"}
        if record.get("use_after_commit"):
            _use(client, entity, project, run_id, artifact_id)
    # Blobs copied into a local store need no cache copy (the store serves downloads); their
    # staged copies still move into the cache (a rename), as after an HTTP upload.
    if placed:
        from .staging import get_staging_dir

        staging = get_staging_dir() + os.sep
        entries = [e for e in entries if not placed.get(e.get("digest") or "")
                   or os.path.abspath(e.get("local_path") or "").startswith(staging)]
    _cache_uploaded(entries)
    return server


def _cache_uploaded(entries: list[dict]) -> None:
    """Put the uploaded files in the artifact cache (as wandb's core does), so a later
    ``download()`` of this version only copies; the cache is an optimisation, never an error."""
    try:
        from ._post_upload import cache_uploaded_entries

        cache_uploaded_entries(entries)
    except Exception:  # noqa: BLE001
        pass


def _use(client: Any, entity: str, project: str, run_id: str, artifact_id: str) -> None:
    if not run_id:
        return
    execute(client, USE_ARTIFACT, {"entityName": entity, "projectName": project, "runName": run_id,
                                   "artifactID": artifact_id}, "UseArtifact")


def _put_manifest(url: str, headers: dict, body: bytes) -> None:
    import tempfile

    with tempfile.NamedTemporaryFile("wb", suffix=".json", delete=False) as f:
        f.write(body)
        path = f.name
    try:
        res = upload_items([{"path": path, "url": url, "headers": headers}])[0]
    finally:
        try:
            os.remove(path)
        except OSError:
            pass
    if not res.get("ok"):
        raise SaveError(f"manifest upload failed: {res.get('error') or res.get('status')}")


def _spec(artifact_id: str, manifest_id: str, e: dict, multipart: bool) -> dict:
    spec: dict[str, Any] = {"artifactID": artifact_id, "name": e["path"], "md5": e["digest"],
                            "mimetype": None, "artifactManifestID": manifest_id, "uploadPartsInput": None}
    size = int(e.get("size") or 0)
    if multipart and e.get("local_path") and size >= MULTIPART_THRESHOLD:
        part = _part_size(size)
        core = _core()
        hexes = core.md5_parts(e["local_path"], part) if hasattr(core, "md5_parts") else _md5_parts_py(
            e["local_path"], part)
        if hexes:
            spec["uploadPartsInput"] = [{"partNumber": i + 1, "hexMD5": h} for i, h in enumerate(hexes)]
    return spec


def _store_files(client: Any, artifact_id: str, manifest_id: str, entries: list[dict],
                 placing: Any = None) -> dict[str, bool]:
    """CreateArtifactFiles + uploads; every file must end up stored on the server.

    ``placing``: a ``PlaceJob`` copying the files into the server's local blob directory;
    files it stored are not uploaded. Returns {digest: True} for those files."""
    files = [e for e in entries if not e.get("ref")]
    pending = files
    multipart = True
    placed: dict[str, bool] = {}
    if placing is not None and placing.largest >= MULTIPART_THRESHOLD:
        placed = _placed(placing)  # no multipart upload announced for a file being copied
        placing = None
    lean = placing is not None  # files copied meanwhile; any left over go up in one PUT each
    for round_no in range(UPLOAD_ROUNDS):
        if not pending:
            return placed
        uploads: list[tuple[dict, dict, dict]] = []  # (entry, node, item)
        answers = []
        for start in range(0, len(pending), FILES_BATCH):
            batch = pending[start:start + FILES_BATCH]
            specs = [_spec(artifact_id, manifest_id, e, multipart and not lean) for e in batch]
            data = execute(client, CREATE_FILES_LEAN if lean else CREATE_FILES,
                           {"artifactFiles": specs, "storageLayout": "V2"}, "CreateArtifactFiles")
            edges = (((data.get("createArtifactFiles") or {}).get("files")) or {}).get("edges") or []
            if len(edges) != len(batch):
                raise SaveError(f"CreateArtifactFiles: expected {len(batch)} files, got {len(edges)}")
            answers.append((batch, specs, edges))
        if placing is not None:  # every file announced: now wait for the copies
            placed = _placed(placing)
            placing = None
        for batch, specs, edges in answers:
            for e, spec, edge in zip(batch, specs, edges):
                node = edge.get("node") or {}
                birth = (node.get("artifact") or {}).get("id")
                if birth:
                    e["birth_artifact_id"] = birth
                url = node.get("uploadUrl")
                parts = (node.get("uploadMultipartUrls") or {}).get("uploadUrlParts")
                if (not url and not parts) or placed.get(e["digest"]):
                    continue  # already stored
                if not e.get("local_path"):
                    raise SaveError(f"artifact file {e['path']!r}: the server needs its content but it "
                                    "has no local copy")
                headers = _headers(node.get("uploadHeaders"))
                if parts and spec.get("uploadPartsInput"):
                    size = int(e.get("size") or 0)
                    part = _part_size(size)
                    hexes = {p["partNumber"]: p["hexMD5"] for p in spec["uploadPartsInput"]}
                    item = {"path": e["local_path"], "headers": headers, "parts": [
                        {"url": p["uploadUrl"], "part_number": p["partNumber"],
                         "offset": (p["partNumber"] - 1) * part,
                         "length": min(part, size - (p["partNumber"] - 1) * part),
                         "md5_hex": hexes.get(p["partNumber"])} for p in parts]}
                else:
                    item = {"path": e["local_path"], "url": url, "headers": headers}
                uploads.append((e, node, item))
        results = upload_items([u[2] for u in uploads])
        failed = []
        for (e, node, item), res in zip(uploads, results):
            if res.get("errno"):
                raise OSError(res["errno"], res.get("error") or "cannot read file", e["local_path"])
            if not res.get("ok"):
                failed.append((e, res))
                continue
            if "parts" in item:
                mp = node["uploadMultipartUrls"]
                # the part ETags (S3: the part's hex MD5); our own MD5 where a server sent none
                etags = {p["part_number"]: (p.get("etag") or "").strip('"') for p in res.get("etags") or []}
                completed = [{"partNumber": p["part_number"], "hexMD5": etags.get(p["part_number"]) or p["md5_hex"]}
                             for p in sorted(item["parts"], key=lambda p: p["part_number"])]
                execute(client, COMPLETE_MULTIPART, {
                    "completeMultipartAction": "Complete",
                    "completedParts": completed,
                    "artifactID": artifact_id, "storagePath": node.get("storagePath"),
                    "uploadID": mp.get("uploadID")}, "CompleteMultipartUploadArtifact")
        if not failed:
            return placed
        pending = [e for e, _ in failed]
        if round_no == UPLOAD_ROUNDS - 1:
            e, res = failed[0]
            raise SaveError(f"uploading {len(failed)} artifact file(s) failed, e.g. {e['path']!r}: "
                            f"{res.get('error') or res.get('status')}")
        time.sleep(0.2 * (round_no + 1))


def _placed(placing: Any) -> dict[str, bool]:
    try:
        return placing.result()
    except ValueError as e:
        raise SaveError(str(e)) from None


def _resolve_client_refs(client: Any, entries: list[dict]) -> None:
    """``wandb-client-artifact://<client id>/<path>`` -> ``wandb-artifact://<hex server id>/<path>``."""
    cache: dict[str, str] = {}
    for e in entries:
        ref = e.get("ref") or ""
        if not ref.startswith("wandb-client-artifact://"):
            continue
        rest = ref[len("wandb-client-artifact://"):]
        cid, _, path = rest.partition("/")
        cid = cid.split(":")[0]
        if cid not in cache:
            data = execute(client, CLIENT_ID_MAPPING, {"clientID": cid}, "ClientIDMapping")
            server_id = ((data.get("clientIDMapping") or {}).get("serverID"))
            if not server_id:
                raise SaveError(f"Could not resolve client id {cid}")
            cache[cid] = base64.b64decode(server_id).hex()
        e["ref"] = f"wandb-artifact://{cache[cid]}/{path}"


__all__ = ["save_artifact", "save_record", "artifact_record", "manifest_json", "upload_items", "SaveError",
           "staging_dir", "execute"]

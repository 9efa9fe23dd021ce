"""Bad input: the documented exceptions and messages."""

import pytest

import wandb
from wandb.sdk.artifacts.exceptions import (
    ArtifactFinalizedError,
    ArtifactNotLoggedError,
    ArtifactStatusError,
)


@pytest.mark.parametrize("name", ["a/b", "has space", "c:d", "", "é"])
def test_invalid_names(name):
    with pytest.raises(ValueError, match="Artifact name may only contain alphanumeric"):
        wandb.Artifact(name, "dataset")


def test_long_name():
    with pytest.raises(ValueError, match="longer than 128 characters"):
        wandb.Artifact("a" * 129, "dataset")


@pytest.mark.parametrize("typ", ["job", "wandb-history", "wandb-anything"])
def test_reserved_types(typ):
    with pytest.raises(ValueError, match=f"Artifact type '{typ}' is reserved for internal use"):
        wandb.Artifact("x", typ)


def test_run_table_type_reserved_only_for_run_prefix():
    with pytest.raises(ValueError, match="reserved"):
        wandb.Artifact("run-abc-table", "run_table")
    assert wandb.Artifact("mine", "run_table").type == "run_table"
    from wandb.sdk.artifacts._internal_artifact import InternalArtifact

    art = InternalArtifact("run-abc-my key/x", "run_table")
    assert art.type == "run_table"
    assert art.name.startswith("run-abc-mykeyx-")


def test_finalized(tmp_path):
    f = tmp_path / "f.txt"
    f.write_text("x")
    art = wandb.Artifact("x", "dataset")
    art.finalize()
    with pytest.raises(ArtifactFinalizedError) as ei:
        art.add_file(str(f))
    assert str(ei.value) == "'Artifact.add_file' used on logged artifact. Can't modify finalized artifact."
    for call in (lambda: art.add_dir(str(tmp_path)), lambda: art.add_reference("file://" + str(f)),
                 lambda: art.remove("f.txt"), lambda: art.new_file("n.txt")):
        with pytest.raises(ArtifactFinalizedError):
            call()
    assert isinstance(ei.value, ArtifactStatusError) and isinstance(ei.value, AttributeError)


def test_not_logged():
    art = wandb.Artifact("x", "dataset")
    with pytest.raises(ArtifactNotLoggedError) as ei:
        art.json_encode()
    assert str(ei.value) == (
        "'Artifact.json_encode' used prior to logging artifact or while in offline mode. "
        "Call Artifact.wait() before accessing logged artifact properties."
    )
    for name in ("version", "source_version", "commit_hash", "created_at", "updated_at",
                 "file_count", "ttl"):
        with pytest.raises(ArtifactNotLoggedError):
            getattr(art, name)
    for meth in ("download", "verify", "checkout", "file", "files", "new_draft", "get_entry", "get"):
        with pytest.raises(ArtifactNotLoggedError):
            fn = getattr(art, meth)
            fn("x") if meth in ("get_entry", "get") else fn()
    assert art.id is None and art.is_draft() and art.state == "PENDING"


def test_missing_files(tmp_path):
    art = wandb.Artifact("x", "dataset")
    with pytest.raises(ValueError, match="Path is not a file: "):
        art.add_file(str(tmp_path / "nope"))
    with pytest.raises(ValueError, match="Path is not a directory: "):
        art.add_dir(str(tmp_path / "nope"))
    with pytest.raises(ValueError, match="must be a valid file or directory path"):
        art.add_reference("file://" + str(tmp_path / "nope"))
    with pytest.raises(ValueError, match="References must be URIs"):
        art.add_reference(str(tmp_path))
    with pytest.raises(FileNotFoundError, match="No such file or directory: nothing"):
        art.remove("nothing")


def test_policy_and_duplicates(tmp_path):
    a = tmp_path / "a.txt"
    a.write_text("1")
    b = tmp_path / "b.txt"
    b.write_text("2")
    art = wandb.Artifact("x", "dataset")
    with pytest.raises(ValueError, match="Invalid policy 'sometimes'"):
        art.add_file(str(a), policy="sometimes")
    art.add_file(str(a), name="same.txt")
    art.add_file(str(a), name="same.txt")  # same content: fine
    with pytest.raises(ValueError, match="Cannot add the same path twice: 'same.txt'"):
        art.add_file(str(b), name="same.txt")
    art.add_file(str(b), name="same.txt", overwrite=True)
    assert art.manifest.entries["same.txt"].digest == "yB5yjZ1ML2NvBn+JzBSGLA=="


def test_add_dir_merge(tmp_path):
    d = tmp_path / "d"
    d.mkdir()
    (d / "f.txt").write_text("one")
    art = wandb.Artifact("x", "dataset")
    art.add_dir(str(d))
    (d / "f.txt").write_text("two")
    (d / "g.txt").write_text("new")
    with pytest.raises(ValueError, match="Cannot add the same path twice"):
        art.add_dir(str(d))
    art.add_dir(str(d), merge=True)
    assert set(art.manifest.entries) == {"f.txt", "g.txt"}
    from wandb.sdk.artifacts._hashing import md5_bytes_b64

    assert art.manifest.entries["f.txt"].digest == md5_bytes_b64(b"two")


def test_metadata_limits_and_types():
    with pytest.raises(ValueError, match="at most 100"):
        wandb.Artifact("x", "dataset", metadata={str(i): i for i in range(101)})
    with pytest.raises(TypeError, match="metadata must be dict"):
        wandb.Artifact("x", "dataset", metadata=[1])
    art = wandb.Artifact("x", "dataset", metadata={str(i): i for i in range(100)})
    assert len(art.metadata) == 100


def test_aliases_tags_ttl():
    from datetime import timedelta

    from _fake_server import FakeClient, logged_artifact

    draft = wandb.Artifact("x", "dataset")
    for attr in ("aliases", "tags", "url", "entity", "project", "qualified_name"):
        with pytest.raises(ArtifactNotLoggedError, match=f"'Artifact.{attr.replace('qualified_name', 'entity')}'"):
            getattr(draft, attr)
    with pytest.raises(ArtifactNotLoggedError):
        draft.aliases = ["a"]
    art = logged_artifact(wandb.Artifact("x", "dataset"), FakeClient({}))
    assert art.aliases == ["latest"]
    assert art.url == "http://127.0.0.1:1/ent/proj/artifacts/dataset/x/v0"
    assert art.qualified_name == "ent/proj/x:v0"
    with pytest.raises(ValueError, match="Aliases must not contain"):
        art.aliases = ["a:b"]
    art.aliases = ["best", "prod"]
    assert art.aliases == ["best", "prod"]
    with pytest.raises(ValueError, match="Invalid tag"):
        art.tags = ["bad/tag"]
    art.tags = ["t1", "t 2", "t1"]
    assert art.tags == ["t1", "t 2"]
    with pytest.raises(ValueError, match="has to be positive"):
        art.ttl = timedelta(seconds=0)
    art.ttl = timedelta(days=1)
    assert art.ttl == timedelta(days=1)
    art.ttl = None
    assert art.ttl is None


def test_wait_uses_save_handle():
    from types import SimpleNamespace

    from wandb.sdk.artifacts.exceptions import WaitTimeoutError

    art = wandb.Artifact("x", "dataset")

    class Handle:
        def __init__(self, err="", timeout=False):
            self.err, self.timeout = err, timeout

        def wait_or(self, timeout=None):
            if self.timeout:
                raise TimeoutError("slow")
            r = SimpleNamespace(artifact_id="QXJ0aWZhY3Q6MQ==", error_message=self.err)
            return SimpleNamespace(response=SimpleNamespace(log_artifact_response=r))

    art._set_save_handle(Handle(timeout=True), client=None)
    with pytest.raises(WaitTimeoutError):
        art.wait(0.1)
    art._set_save_handle(Handle(err="upload failed: boom"), client=None)
    with pytest.raises(ValueError, match="upload failed: boom"):
        art.wait()

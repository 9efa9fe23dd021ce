"""Local behaviour: staging copies (mutable) vs in place (immutable), hash cache, new_file,
add(WBValue), get_added_local_path_name, caching after upload."""

import os
import stat

import pytest

import wandb
from wandb.sdk.artifacts._hashing import md5_bytes_b64


@pytest.fixture
def env(tmp_path, monkeypatch):
    monkeypatch.setenv("WANDB_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("WANDB_DATA_DIR", str(tmp_path / "data"))
    return tmp_path


def test_mutable_stages_readonly_copy_immutable_uses_file(env):
    f = env / "f.txt"
    f.write_bytes(b"v1")
    art = wandb.Artifact("x", "dataset")
    m = art.add_file(str(f), name="m.txt")
    i = art.add_file(str(f), name="i.txt", policy="immutable")
    staging = str(env / "data" / "artifacts" / "staging")
    assert m.local_path.startswith(staging + os.sep)
    assert stat.S_IMODE(os.stat(m.local_path).st_mode) == stat.S_IRUSR
    assert i.local_path == str(f)
    f.write_bytes(b"v2 changed later")
    with open(m.local_path, "rb") as g:
        assert g.read() == b"v1"  # the upload is protected from later edits
    assert m.digest == md5_bytes_b64(b"v1") and m.size == 2
    assert art.get_added_local_path_name(str(f)) in ("m.txt", "i.txt")
    assert art.get_added_local_path_name(str(env / "other")) is None


def test_hash_cache_sees_modifications(env):
    f = env / "f.txt"
    f.write_bytes(b"first")
    a = wandb.Artifact("x", "dataset")
    a.add_file(str(f), policy="immutable")
    f.write_bytes(b"second!")  # different size and mtime
    b = wandb.Artifact("x", "dataset")
    e = b.add_file(str(f), policy="immutable")
    assert e.digest == md5_bytes_b64(b"second!")
    os.utime(f, ns=(1, 1))  # same size, different mtime
    with open(f, "r+b") as g:
        g.write(b"SECOND!")
    os.utime(f, ns=(2, 2))
    c = wandb.Artifact("x", "dataset")
    assert c.add_file(str(f), policy="immutable").digest == md5_bytes_b64(b"SECOND!")
    assert os.path.isdir(env / "cache" / "artifacts" / "hashcache")


def test_new_file_and_is_tmp(env):
    art = wandb.Artifact("x", "dataset")
    with art.new_file("dir/hello.txt") as fh:
        fh.write("hi")
    e = art.manifest.entries["dir/hello.txt"]
    assert e.digest == md5_bytes_b64(b"hi") and e.skip_cache is True
    with pytest.raises(ValueError, match="File with name 'dir/hello.txt' already exists"):
        with art.new_file("dir/hello.txt") as fh:
            fh.write("again")
    f = env / "t.data.json"
    f.write_text("tmp")
    e2 = art.add_file(str(f), is_tmp=True)
    from wandb.sdk.artifacts._hashing import b64_to_hex

    assert e2.path == b64_to_hex(md5_bytes_b64(b"tmp"))[:20] + ".data.json"


def test_add_wbvalue(env):
    from wandb.sdk.data_types.base_types.wb_value import WBValue

    class Thing(WBValue):
        _log_type = "thing"

        def __init__(self, v):
            super().__init__()
            self.v = v

        def to_json(self, run_or_artifact):
            return {"_type": "thing", "v": self.v}

    art = wandb.Artifact("x", "dataset")
    t = Thing(3)
    e = art.add(t, "stuff/obj")
    assert e.path == "stuff/obj.thing.json"
    assert e.digest == md5_bytes_b64(b'{"_type": "thing", "v": 3}')
    assert art.add(t, "stuff/obj") is e  # the same object is added once
    with pytest.raises(TypeError, match="expected a W&B data type"):
        art.add({"not": "wbvalue"}, "x")


def test_cache_uploaded_entries_moves_staging_copies(env):
    from wandb.sdk.artifacts._post_upload import cache_uploaded_entries
    from wandb.sdk.artifacts._hashing import b64_to_hex

    f = env / "f.bin"
    f.write_bytes(b"payload")
    art = wandb.Artifact("x", "dataset")
    m = art.add_file(str(f), name="m.bin")
    i = art.add_file(str(f), name="i.bin", policy="immutable")
    staged = m.local_path
    assert cache_uploaded_entries([m, i]) == 2
    hexd = b64_to_hex(m.digest)
    cpath = env / "cache" / "artifacts" / "obj" / "md5" / hexd[:2] / hexd[2:]
    assert cpath.read_bytes() == b"payload"
    assert not os.path.exists(staged)
    assert f.read_bytes() == b"payload"  # user files are copied, never moved


def test_remove_and_directory_remove(env):
    d = env / "d"
    (d / "sub").mkdir(parents=True)
    (d / "a").write_text("a")
    (d / "sub" / "b").write_text("b")
    (d / "sub" / "c").write_text("c")
    art = wandb.Artifact("x", "dataset")
    art.add_dir(str(d), name="root")
    art.remove("root/sub")
    assert list(art.manifest.entries) == ["root/a"]
    art.remove(art.manifest.entries["root/a"])
    assert art.manifest.entries == {}


def test_staging_is_content_addressed_and_reused(env):
    from wandb.sdk.artifacts._hashing import b64_to_hex
    from wandb.sdk.artifacts._post_upload import cache_uploaded_entries, resolve_local_path

    d = env / "d"
    d.mkdir()
    (d / "a.bin").write_bytes(b"A" * 1000)
    (d / "b.bin").write_bytes(b"A" * 1000)  # same bytes: one staged copy
    os.utime(d / "a.bin", ns=(10**18, 10**18 - 10**10))
    a = wandb.Artifact("x", "dataset")
    a.add_dir(str(d))
    ea, eb = a.manifest.entries["a.bin"], a.manifest.entries["b.bin"]
    hexd = b64_to_hex(ea.digest)
    expected = str(env / "data" / "artifacts" / "staging" / "md5" / hexd[:2] / hexd[2:])
    assert ea.local_path == eb.local_path == expected
    st = os.stat(expected)
    b = wandb.Artifact("y", "dataset")
    b.add_dir(str(d))
    assert b.manifest.entries["a.bin"].local_path == expected
    assert os.stat(expected).st_ino == st.st_ino  # not copied again
    staging_files = [f for _, _, fs in os.walk(env / "data" / "artifacts" / "staging") for f in fs]
    assert len(staging_files) == 1
    # After a's upload the staged copy moves into the cache; b's entries still resolve.
    cache_uploaded_entries([ea])
    assert not os.path.exists(expected)
    assert resolve_local_path(b.manifest.entries["a.bin"]).endswith(os.path.join("md5", hexd[:2], hexd[2:]))


def test_recently_modified_file_is_hashed_from_its_copy(env):
    f = env / "hot.txt"
    f.write_bytes(b"fresh bytes")  # mtime = now: inside the racy window
    art = wandb.Artifact("x", "dataset")
    e = art.add_file(str(f))
    with open(e.local_path, "rb") as g:
        assert g.read() == b"fresh bytes"
    assert e.digest == md5_bytes_b64(b"fresh bytes")

"""Download through the cache, verify, checkout, corruption handling and cache cleanup."""

import os

import pytest

import wandb
from _fake_server import FakeClient, FileServer, logged_artifact
from wandb.sdk.artifacts._hashing import b64_to_hex


@pytest.fixture
def env(tmp_path, monkeypatch):
    monkeypatch.setenv("WANDB_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("WANDB_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _build(env):
    src = env / "src"
    (src / "sub").mkdir(parents=True)
    (src / "a.txt").write_bytes(b"alpha\n")
    (src / "sub" / "b.bin").write_bytes(os.urandom(300_000))
    art = wandb.Artifact("dl", "dataset")
    art.add_dir(str(src))
    # Serve the bytes at content-addressed URLs, as the server does.
    store = env / "store"
    store.mkdir()
    urls = {}
    for path, e in art.manifest.entries.items():
        hexd = b64_to_hex(e.digest)
        with open(e.local_path, "rb") as f, open(store / hexd, "wb") as g:
            g.write(f.read())
        urls[path] = hexd
    # Forget the local copies so the download really goes over HTTP.
    for e in art.manifest.entries.values():
        e.local_path = None
    return art, urls, store


def test_download_verify_checkout(env):
    art, names, store = _build(env)
    srv = FileServer(str(store))
    try:
        client = FakeClient({p: f"{srv.url}/{h}" for p, h in names.items()})
        logged_artifact(art, client)
        assert art.version == "v0" and art.name == "dl:v0" and art.aliases == ["latest"]
        root = art.download()
        assert root == os.path.abspath(os.path.join("artifacts", "dl:v0"))
        assert open(os.path.join(root, "a.txt"), "rb").read() == b"alpha\n"
        art.verify(root)
        # Cache layout as wandb: obj/md5/<2 hex>/<rest>
        e = art.manifest.entries["a.txt"]
        hexd = b64_to_hex(e.digest)
        cpath = env / "cache" / "artifacts" / "obj" / "md5" / hexd[:2] / hexd[2:]
        assert cpath.read_bytes() == b"alpha\n"
        # Second download comes from the cache: no new HTTP requests.
        n = len(srv.requests)
        root2 = art.download(root=str(env / "again"))
        assert len(srv.requests) == n
        art.verify(root2)
        # Corruption is detected.
        with open(os.path.join(root2, "sub", "b.bin"), "r+b") as f:
            first = f.read(1)
            f.seek(0)
            f.write(bytes([first[0] ^ 0xFF]))  # always a different byte
        with pytest.raises(ValueError, match="Digest mismatch for file: sub/b.bin"):
            art.verify(root2)
        # Extra file is detected, checkout removes it and restores content.
        with open(os.path.join(root2, "stray.txt"), "w") as f:
            f.write("x")
        with pytest.raises(ValueError, match="which is not a member of artifact dl:v0"):
            art.verify(root2)
        art.checkout(root2)
        art.verify(root2)
        # path_prefix
        root3 = art.download(root=str(env / "pref"), path_prefix="sub")
        assert os.listdir(root3) == ["sub"]
    finally:
        srv.close()


def test_corrupt_download_never_lands_in_cache(env):
    art, names, store = _build(env)
    # Corrupt the stored object.
    hexd = names["a.txt"]
    (store / hexd).write_bytes(b"not alpha\n")
    srv = FileServer(str(store))
    try:
        client = FakeClient({p: f"{srv.url}/{h}" for p, h in names.items()})
        logged_artifact(art, client)
        with pytest.raises(Exception, match="a.txt"):
            art.download(root=str(env / "out"))
        cpath = env / "cache" / "artifacts" / "obj" / "md5" / hexd[:2] / hexd[2:]
        assert not cpath.exists()
        assert not (env / "out" / "a.txt").exists()
    finally:
        srv.close()


def test_cache_cleanup(env):
    from wandb.sdk.artifacts.artifact_file_cache import (
        cache_cleanup,
        get_artifact_file_cache,
        parse_size,
    )

    cache = get_artifact_file_cache()
    blobs = []
    for i in range(5):
        p = env / f"f{i}"
        p.write_bytes(bytes([i]) * 1000)
        from wandb.sdk.artifacts._hashing import md5_file_b64

        d = md5_file_b64(str(p))
        path = cache.add_file(str(p), d, 1000)
        os.utime(path, (1000 + i, 1000 + i))  # oldest first
        blobs.append(path)
    assert cache.size() == 5000
    assert cache_cleanup("2500") == 3000
    assert [os.path.exists(b) for b in blobs] == [False, False, False, True, True]
    assert cache.cleanup(0) == 2000 and cache.size() == 0
    assert parse_size("10GB") == 10 * 1000**3 and parse_size("2GiB") == 2 * 1024**3
    with pytest.raises(ValueError, match="Invalid size"):
        parse_size("ten")


def test_cache_size_cap(env, monkeypatch):
    from wandb.sdk.artifacts.artifact_file_cache import get_artifact_file_cache

    monkeypatch.setenv("VIREO_ARTIFACT_CACHE_MAX_SIZE", "2500")
    cache = get_artifact_file_cache()
    from wandb.sdk.artifacts._hashing import md5_file_b64

    for i in range(5):
        p = env / f"g{i}"
        p.write_bytes(bytes([i + 10]) * 1000)
        cache.add_file(str(p), md5_file_b64(str(p)), 1000)
    assert cache.size() <= 2500

"""`_core.md5_files` / `md5_parts`: W&B manifest digests, errors, the persistent cache."""

from __future__ import annotations

import base64
import hashlib
import os
import pathlib
import subprocess
import sys
import time

import pytest
from art_core_helpers import b64md5, blob

from wandb import _core


def _write(p, data: bytes, age_s: float = 10.0):
    p.write_bytes(data)
    t = time.time() - age_s
    os.utime(p, (t, t))
    return str(p)


def test_digests_sizes_and_order(tmp_path):
    sizes = [0, 1, 63, 64, 65, 1 << 20, (5 << 20) + 3, 65536]
    paths = [_write(tmp_path / f"f{i}", blob(n, i)) for i, n in enumerate(sizes)]
    got = _core.md5_files(paths, threads=3)
    assert got == [(b64md5(blob(n, i)), n) for i, n in enumerate(sizes)]
    assert got[0] == ("1B2M2Y8AsgTpgAmY7PhCfg==", 0)  # md5 of b"" as W&B writes it
    assert _core.md5_files(paths, threads=1) == got
    assert _core.md5_files([pathlib.Path(paths[2])]) == [got[2]]  # os.PathLike
    assert _core.md5_files([]) == []


def test_known_manifest_digest(tmp_path):
    p = _write(tmp_path / "art.txt", b"hello artifact\n")
    digest = base64.b64encode(hashlib.md5(b"hello artifact\n").digest()).decode()
    assert _core.md5_files([p]) == [(digest, 15)]


def test_missing_file_and_directory_raise_oserror_naming_the_path(tmp_path):
    ok = _write(tmp_path / "ok", b"x")
    missing = str(tmp_path / "nope")
    with pytest.raises(FileNotFoundError) as e:
        _core.md5_files([ok, missing, ok])
    assert e.value.filename == missing and e.value.errno == 2
    with pytest.raises(IsADirectoryError) as e:
        _core.md5_files([str(tmp_path)])
    assert e.value.filename == str(tmp_path)
    with pytest.raises(TypeError):
        _core.md5_files([1])


def test_md5_parts(tmp_path):
    data = blob(1_000_003, 5)
    p = _write(tmp_path / "big", data)
    got = _core.md5_parts(p, 300_000, threads=2)
    assert got == [hashlib.md5(data[i : i + 300_000]).hexdigest() for i in range(0, len(data), 300_000)]
    assert _core.md5_parts(_write(tmp_path / "e", b""), 10) == [hashlib.md5(b"").hexdigest()]
    with pytest.raises(ValueError):
        _core.md5_parts(p, 0)
    with pytest.raises(FileNotFoundError):
        _core.md5_parts(str(tmp_path / "nope"), 10)


def test_cache_is_used_keyed_by_stat_and_persisted(tmp_path):
    cache = tmp_path / "cache"
    data = blob(100_000, 1)
    p = _write(tmp_path / "a.bin", data)
    first = _core.md5_files([p], cache_path=str(cache))
    assert first == [(b64md5(data), 100_000)]
    log = (cache / "md5-v1.log").read_text()
    assert first[0][0] in log and p in log
    # same size and mtime but other bytes: a cache hit returns the recorded digest
    st = os.stat(p)
    changed = bytes([data[0] ^ 1]) + data[1:]
    pathlib.Path(p).write_bytes(changed)
    os.utime(p, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert _core.md5_files([p], cache_path=str(cache)) == first
    # another process reads the same log
    code = f"from wandb import _core; print(_core.md5_files([{p!r}], cache_path={str(cache)!r})[0][0])"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == first[0][0]
    # a new mtime is a miss: the real digest
    os.utime(p, (time.time() - 5, time.time() - 5))
    assert _core.md5_files([p], cache_path=str(cache)) == [(b64md5(changed), 100_000)]


def test_recently_modified_files_are_not_cached(tmp_path):
    cache = tmp_path / "cache"
    p = tmp_path / "fresh.bin"
    p.write_bytes(b"new")
    _core.md5_files([str(p)], cache_path=str(cache))
    log = cache / "md5-v1.log"
    assert cache.is_dir()
    assert not log.exists() or "fresh.bin" not in log.read_text()


def test_cache_shared_by_concurrent_processes(tmp_path):
    cache = tmp_path / "cache"
    paths = [_write(tmp_path / f"f{i}", blob(1000 + i, i)) for i in range(400)]
    code = (
        "import sys; from wandb import _core; ps = sys.argv[1:]; "
        f"r = _core.md5_files(ps, cache_path={str(cache)!r}); print(len(r))"
    )
    procs = [
        subprocess.Popen([sys.executable, "-c", code, *paths[k::4]], stdout=subprocess.PIPE) for k in range(4)
    ]
    assert [p.wait() for p in procs] == [0, 0, 0, 0]
    lines = (cache / "md5-v1.log").read_text().splitlines()
    assert len(lines) == 400
    # every entry intact: a fresh process gets all from the cache (stale content proves it)
    for p in paths[:3]:
        st = os.stat(p)
        pathlib.Path(p).write_bytes(b"\0" * st.st_size)
        os.utime(p, ns=(st.st_atime_ns, st.st_mtime_ns))
    code2 = f"import sys, json; from wandb import _core; print(json.dumps(_core.md5_files(sys.argv[1:], cache_path={str(cache)!r})))"
    import json

    out = json.loads(subprocess.run([sys.executable, "-c", code2, *paths], capture_output=True, text=True, check=True).stdout)
    assert [tuple(x) for x in out] == [(b64md5(blob(1000 + i, i)), 1000 + i) for i in range(400)]


def test_corrupt_cache_lines_are_ignored(tmp_path):
    cache = tmp_path / "cache"
    cache.mkdir()
    p = _write(tmp_path / "a", b"abc")
    (cache / "md5-v1.log").write_bytes(b"deadbeef\t1\t2\t3\t4\tXXXX\t" + p.encode() + b"\n\xff\xfe garbage\n")
    assert _core.md5_files([p], cache_path=str(cache)) == [(b64md5(b"abc"), 3)]


def test_copy_file_fast(tmp_path):
    src = _write(tmp_path / "src", blob(200_000, 3))
    how = _core.copy_file_fast(src, str(tmp_path / "a" / "b" / "dst"))
    assert how in ("reflink", "copy")
    assert (tmp_path / "a" / "b" / "dst").read_bytes() == blob(200_000, 3)
    how = _core.copy_file_fast(src, str(tmp_path / "hl"), allow_hardlink=True)
    assert how in ("reflink", "hardlink")
    assert (tmp_path / "hl").read_bytes() == blob(200_000, 3)
    with pytest.raises(FileNotFoundError) as e:
        _core.copy_file_fast(str(tmp_path / "nope"), str(tmp_path / "x"))
    assert e.value.filename == str(tmp_path / "nope")
    assert not [n for n in os.listdir(tmp_path) if "vireo-tmp" in n]


def test_md5_backends_agree(tmp_path):
    assert _core.md5_backend() in ("openssl", "rust")
    paths = [_write(tmp_path / f"f{i}", blob(n, i)) for i, n in enumerate([0, 100, 1 << 20, 3_000_001])]
    code = "import sys, json; from wandb import _core; print(json.dumps([_core.md5_backend(), _core.md5_files(sys.argv[1:])]))"
    import json

    assert _core.md5_backend() == "rust" or os.environ.get("VIREO_MD5") == "openssl"
    env = {**os.environ, "VIREO_MD5": "openssl"}
    out = subprocess.run([sys.executable, "-c", code, *paths], capture_output=True, text=True, check=True, env=env).stdout
    backend, digests = json.loads(out)
    assert backend in ("openssl", "rust")  # rust when no libcrypto can be loaded
    assert [tuple(d) for d in digests] == _core.md5_files(paths)


def test_unusable_cache_dir_is_ignored(tmp_path):
    p = _write(tmp_path / "a", b"abc")
    blocker = tmp_path / "file-not-dir"
    blocker.write_text("x")
    assert _core.md5_files([p], cache_path=str(blocker / "cache")) == [(b64md5(b"abc"), 3)]

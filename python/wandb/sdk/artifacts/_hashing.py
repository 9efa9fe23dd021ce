"""MD5 digests of local files through the Rust core (``_core.md5_files``).

The persistent hash cache lives in ``<cache dir>/artifacts/hashcache``: unchanged files
(same path, device, inode, size and mtime) are never read twice, across processes.
"""

from __future__ import annotations

import base64
import hashlib
import os
from concurrent.futures import ThreadPoolExecutor
from typing import List, Optional, Sequence, Tuple

_USE_HASH_CACHE_ENV = "VIREO_ARTIFACT_HASH_CACHE"

_POOL = None
_POOL_LOCK = __import__("threading").Lock()


def worker_pool() -> ThreadPoolExecutor:
    """A process-wide pool of long-lived threads for file work (copies, hashing).

    Threads are never torn down: short-lived threads calling into ``_core`` crashed in
    mimalloc's thread initialisation (mi_thread_init, seen with mimalloc 0.1.52), so all
    artifact file work runs on these.
    """
    global _POOL
    with _POOL_LOCK:
        if _POOL is None:
            _POOL = ThreadPoolExecutor(max_workers=min(32, 2 * (os.cpu_count() or 4) + 1),
                                       thread_name_prefix="vireo-artifacts")
        return _POOL


def hash_cache_dir() -> Optional[str]:
    """Directory of the persistent hash cache (None when disabled with VIREO_ARTIFACT_HASH_CACHE=0)."""
    if os.environ.get(_USE_HASH_CACHE_ENV, "1") in ("0", "false", "False"):
        return None
    from wandb import env

    return os.path.join(str(env.get_cache_dir()), "artifacts", "hashcache")


def _md5_py(path: str) -> Tuple[str, int]:
    h = hashlib.md5()
    size = 0
    with open(path, "rb") as f:
        while True:
            chunk = f.read(1 << 20)
            if not chunk:
                break
            size += len(chunk)
            h.update(chunk)
    return base64.b64encode(h.digest()).decode("ascii"), size


def md5_files(paths: Sequence[str], *, use_cache: bool = True) -> List[Tuple[str, int]]:
    """(base64 MD5, size) of each path, in order; OSError names the first unreadable path."""
    paths = [os.fspath(p) for p in paths]
    if not paths:
        return []
    try:
        from wandb import _core

        fn = getattr(_core, "md5_files", None)
    except ImportError:  # pragma: no cover - the extension is always built
        fn = None
    if fn is not None:
        return list(fn(paths, 0, hash_cache_dir() if use_cache else None))
    if len(paths) == 1:
        return [_md5_py(paths[0])]
    return list(worker_pool().map(_md5_py, paths))


def md5_file_b64(path: str) -> str:
    """Base64 MD5 of one file."""
    return md5_files([path])[0][0]


def md5_bytes_b64(data: bytes) -> str:
    """Base64 MD5 of ``data``."""
    return base64.b64encode(hashlib.md5(data).digest()).decode("ascii")


def b64_to_hex(b64: str) -> str:
    """Hex form of a base64 MD5."""
    return base64.b64decode(b64).hex()


def hex_to_b64(hex_md5: str) -> str:
    """Base64 form of a hex MD5."""
    return base64.b64encode(bytes.fromhex(hex_md5)).decode("ascii")


def copy_file(src: str, dst: str, allow_hardlink: bool = False) -> None:
    """Atomic copy through ``_core.copy_file_fast`` (reflink / copy_file_range), else shutil."""
    try:
        from wandb import _core

        fn = getattr(_core, "copy_file_fast", None)
    except ImportError:  # pragma: no cover
        fn = None
    if fn is not None:
        fn(src, dst, allow_hardlink)
        return
    import shutil
    import tempfile

    os.makedirs(os.path.dirname(dst) or ".", exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(dst) or ".", prefix=".tmp-")
    os.close(fd)
    try:
        shutil.copyfile(src, tmp)
        os.replace(tmp, dst)
    except BaseException:
        try:
            os.remove(tmp)
        except OSError:
            pass
        raise

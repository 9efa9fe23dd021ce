"""The content-addressed artifact file cache.

Layout (same as wandb): ``<cache>/artifacts/obj/md5/<hex[:2]>/<hex[2:]>`` for files keyed by
MD5, ``obj/etag/<h[:2]>/<h[2:]>`` for references keyed by URL + ETag, ``tmp/`` for files
being written. Every write goes to ``tmp/`` and is renamed into place, so a cache path holds
either nothing or the complete file.

Size cap: ``VIREO_ARTIFACT_CACHE_MAX_SIZE`` (bytes or "10GB"); when set, writes trim the least
recently used files to stay under it. ``cache_cleanup("10GB")`` is what
``wandb artifact cache cleanup`` calls.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import shutil
import stat
import tempfile
import threading
from pathlib import Path
from typing import IO, Callable, ContextManager, Iterator, List, Optional, Tuple, Union

from ._hashing import b64_to_hex

Opener = Callable[..., ContextManager[IO]]
MAX_SIZE_ENV = "VIREO_ARTIFACT_CACHE_MAX_SIZE"

_UNITS = {"": 1, "B": 1, "KB": 1000, "MB": 1000**2, "GB": 1000**3, "TB": 1000**4,
          "KIB": 1024, "MIB": 1024**2, "GIB": 1024**3, "TIB": 1024**4,
          "K": 1000, "M": 1000**2, "G": 1000**3, "T": 1000**4}


def parse_size(value: Union[str, int]) -> int:
    """Bytes from an int or a human size such as ``"10GB"``, ``"512MiB"``, ``"1.5G"``."""
    if isinstance(value, int):
        if value < 0:
            raise ValueError(f"size must be non-negative, got {value}")
        return value
    text = str(value).strip().upper().replace(" ", "")
    num = text.rstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    unit = text[len(num):]
    if unit not in _UNITS or not num:
        raise ValueError(
            f"Invalid size {value!r}: use a number of bytes or a value like '10GB', '512MB', '2GiB'"
        )
    return int(float(num) * _UNITS[unit])


def _files_in(root: Path) -> Iterator[os.DirEntry]:
    try:
        it = os.scandir(root)
    except OSError:
        return
    with it:
        for entry in it:
            try:
                if entry.is_dir(follow_symlinks=False):
                    yield from _files_in(Path(entry.path))
                elif entry.is_file(follow_symlinks=False):
                    yield entry
            except OSError:
                continue


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


class ArtifactFileCache:
    """Content-addressed cache of artifact files under ``cache_dir``."""

    def __init__(self, cache_dir: Union[str, os.PathLike]) -> None:
        self._cache_dir = Path(cache_dir)
        self._obj_dir = self._cache_dir / "obj"
        self._temp_dir = self._cache_dir / "tmp"
        self._override_cache_path: Optional[str] = None
        self._lock = threading.Lock()
        self._size_estimate: Optional[int] = None  # bytes under obj/, tracked once a cap is set
        self._umask = _umask()
        self._ensure_write_permissions()

    # -- paths --------------------------------------------------------------------------
    def md5_obj_path(self, b64_md5: str) -> Path:
        """Cache path of the content with base64 MD5 ``b64_md5``."""
        hex_md5 = b64_to_hex(b64_md5)
        return self._obj_dir / "md5" / hex_md5[:2] / hex_md5[2:]

    def etag_obj_path(self, url: str, etag: str) -> Path:
        """Cache path of a reference object identified by ``url`` and ``etag``."""
        h = hashlib.sha256(
            hashlib.sha256(url.encode("utf-8")).digest()
            + hashlib.sha256(etag.encode("utf-8")).digest()
        ).hexdigest()
        return self._obj_dir / "etag" / h[:2] / h[2:]

    def check_md5_obj_path(self, b64_md5: str, size: int) -> Tuple[str, bool, Opener]:
        """(path, hit, opener): hit when a file of ``size`` bytes is cached for this MD5."""
        if self._override_cache_path is not None:
            return self._check_or_create(Path(self._override_cache_path), size, skip_cache=True)
        return self._check_or_create(self.md5_obj_path(b64_md5), size)

    def check_etag_obj_path(self, url: str, etag: str, size: int) -> Tuple[str, bool, Opener]:
        """(path, hit, opener) for a reference object keyed by URL + ETag."""
        if self._override_cache_path is not None:
            return self._check_or_create(Path(self._override_cache_path), size, skip_cache=True)
        return self._check_or_create(self.etag_obj_path(url, etag), size)

    def md5_obj_hits(self, items: "List[Tuple[str, int]]") -> "List[Tuple[str, bool]]":
        """(cache path, hit) for each (base64 MD5, size): one stat per item, no Path objects.

        A hit is a regular file of exactly ``size`` bytes. Files are verified when they are
        stored (downloads check the MD5 before the rename; uploads were hashed), so a hit is
        trusted without re-reading it, as wandb does.
        """
        if self._override_cache_path is not None:
            return [self.check_md5_obj_path(d, s)[:2] for d, s in items]  # type: ignore[misc]
        base = os.path.join(str(self._obj_dir), "md5")
        out: List[Tuple[str, bool]] = []
        for digest, size in items:
            h = b64_to_hex(digest)
            path = os.path.join(base, h[:2], h[2:])
            try:
                st = os.stat(path)
                hit = stat.S_ISREG(st.st_mode) and st.st_size == size
            except OSError:
                hit = False
            out.append((path, hit))
        return out

    def _check_or_create(self, path: Path, size: int, skip_cache: bool = False) -> Tuple[str, bool, Opener]:
        try:
            hit = path.is_file() and path.stat().st_size == size
        except OSError:
            hit = False
        return str(path), hit, self._opener(path, size, skip_cache=skip_cache)

    # -- writing ------------------------------------------------------------------------
    def _opener(self, path: Path, size: int, skip_cache: bool = False) -> Opener:
        @contextlib.contextmanager
        def atomic_open(mode: str = "w") -> Iterator[IO]:
            if "a" in mode:
                raise ValueError("Appending to cache files is not supported")
            if skip_cache:
                temp_dir = path.parent
            else:
                self._reserve_space(size)
                temp_dir = self._temp_dir
            temp_dir.mkdir(parents=True, exist_ok=True)
            f = tempfile.NamedTemporaryFile(dir=temp_dir, mode=mode, delete=False)
            try:
                yield f
                f.close()
                os.chmod(f.name, 0o666 & ~self._umask)
                path.parent.mkdir(parents=True, exist_ok=True)
                os.replace(f.name, path)
            except BaseException:
                f.close()
                with contextlib.suppress(OSError):
                    os.remove(f.name)
                raise

        return atomic_open

    def temp_path(self) -> str:
        """A fresh path inside ``tmp/`` (for downloads that are renamed into the cache)."""
        self._temp_dir.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(dir=self._temp_dir)
        os.close(fd)
        return name

    def add_file(self, src: str, b64_md5: str, size: int, *, move: bool = False) -> str:
        """Put the file ``src`` (whose MD5 is ``b64_md5``) into the cache; return its cache path.

        ``move=True`` renames ``src`` (only for private copies such as staging files).
        The caller vouches for the digest; the content is never re-read here.
        """
        dest = self.md5_obj_path(b64_md5)
        try:
            if dest.is_file() and dest.stat().st_size == size:
                if move:
                    with contextlib.suppress(OSError):
                        os.remove(src)
                return str(dest)
        except OSError:
            pass
        self._reserve_space(size)
        dest.parent.mkdir(parents=True, exist_ok=True)
        if move:
            try:
                os.chmod(src, 0o666 & ~self._umask)
                os.replace(src, dest)
                return str(dest)
            except OSError:
                pass  # other filesystem: copy below
        from ._hashing import copy_file

        self._temp_dir.mkdir(parents=True, exist_ok=True)
        tmp = self._temp_dir / f"add-{os.getpid()}-{threading.get_ident()}-{dest.name}"
        try:
            copy_file(src, str(tmp))
            os.chmod(tmp, 0o666 & ~self._umask)
            os.replace(tmp, dest)
        finally:
            with contextlib.suppress(OSError):
                os.remove(tmp)
        if move:
            with contextlib.suppress(OSError):
                os.remove(src)
        return str(dest)

    # -- size ---------------------------------------------------------------------------
    def size(self) -> int:
        """Total bytes of the cached objects (temporary files excluded)."""
        return sum(e.stat().st_size for e in _files_in(self._obj_dir))

    def cleanup(
        self,
        target_size: Optional[int] = None,
        remove_temp: bool = False,
        target_fraction: Optional[float] = None,
    ) -> int:
        """Delete least recently used files until the cache holds at most ``target_size`` bytes.

        ``target_fraction`` instead keeps that fraction of the current size; with neither,
        the whole cache is emptied. ``remove_temp`` also deletes files left in ``tmp/``.
        Returns the number of bytes reclaimed.
        """
        if target_size is None and target_fraction is None:
            target_size = 0
        if target_size is not None and target_fraction is not None:
            raise ValueError("Cannot specify both target_size and target_fraction")
        if target_size is not None and target_size < 0:
            raise ValueError("target_size must be non-negative")
        if target_fraction is not None and not 0 <= target_fraction <= 1:
            raise ValueError("target_fraction must be between 0 and 1")

        reclaimed = 0
        temp_size = 0
        for e in _files_in(self._temp_dir):
            try:
                sz = e.stat().st_size
            except OSError:
                continue
            if remove_temp:
                try:
                    os.remove(e.path)
                    reclaimed += sz
                except OSError:
                    temp_size += sz
            else:
                temp_size += sz
        if temp_size:
            import wandb

            wandb.termwarn(
                f"Cache contains {temp_size} bytes of temporary files. "
                "Run `wandb artifact cache cleanup --remove-temp` to remove them."
            )

        entries: List[Tuple[float, int, str]] = []
        total = 0
        for e in _files_in(self._obj_dir):
            try:
                st = e.stat()
            except OSError:
                continue
            entries.append((max(st.st_atime, st.st_mtime), st.st_size, e.path))
            total += st.st_size
        if target_fraction is not None:
            target_size = int(total * target_fraction)
        assert target_size is not None
        entries.sort()
        for _, sz, path in entries:
            if total <= target_size:
                break
            try:
                os.remove(path)
            except OSError:
                continue
            total -= sz
            reclaimed += sz
        if total > target_size:
            import wandb

            wandb.termerror(
                f"Failed to reclaim enough space in {self._cache_dir}. Try running "
                "`wandb artifact cache cleanup --remove-temp` to remove temporary files."
            )
        return reclaimed

    def _free_space(self) -> int:
        try:
            return shutil.disk_usage(self._cache_dir)[2]
        except OSError:
            return 1 << 62

    def _reserve_space(self, size: int) -> None:
        """Make room for ``size`` more bytes (cap and free disk space); OSError(ENOSPC) if impossible."""
        cap = os.environ.get(MAX_SIZE_ENV)
        if cap:
            limit = parse_size(cap)
            with self._lock:
                if self._size_estimate is None:
                    self._size_estimate = self.size()
                if self._size_estimate + size > limit:
                    self.cleanup(target_size=max(0, limit - size))
                    self._size_estimate = self.size()
                self._size_estimate += size
        if size <= self._free_space():
            return
        import wandb

        wandb.termwarn("Cache size exceeded. Attempting to reclaim space...")
        self.cleanup(target_fraction=0.5)
        if size <= self._free_space():
            return
        self.cleanup(target_size=0)
        if size > self._free_space():
            raise OSError(errno.ENOSPC, f"Insufficient free space in {self._cache_dir}")

    def _ensure_write_permissions(self) -> None:
        try:
            self._temp_dir.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=self._temp_dir) as f:
                f.write(b"wandb")
        except PermissionError as e:
            raise PermissionError(
                f"Unable to write to {self._cache_dir}. "
                "Ensure that the current user has write permissions."
            ) from e


_CACHES: dict = {}
_CACHES_LOCK = threading.Lock()


def get_artifact_file_cache() -> ArtifactFileCache:
    """The cache under ``$WANDB_CACHE_DIR/artifacts`` (one instance per directory)."""
    from wandb import env

    cache_dir = os.path.join(str(env.get_cache_dir()), "artifacts")
    with _CACHES_LOCK:
        cache = _CACHES.get(cache_dir)
        if cache is None:
            cache = _CACHES[cache_dir] = ArtifactFileCache(cache_dir)
        return cache


def cache_cleanup(target_size: Union[str, int], remove_temp: bool = False) -> int:
    """Shrink the artifact cache to ``target_size`` ("10GB" or bytes); return bytes reclaimed.

    This is what ``wandb artifact cache cleanup TARGET_SIZE [--remove-temp]`` calls.
    """
    return get_artifact_file_cache().cleanup(parse_size(target_size), remove_temp=remove_temp)

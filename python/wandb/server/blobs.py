"""Content-addressed blob stores (keyed by MD5 hex, as W&B manifests are)."""

from __future__ import annotations

import hashlib
import os
import secrets
import threading
from typing import BinaryIO, Iterator, Protocol, Sequence

CHUNK = 1024 * 1024


class BlobStore(Protocol):
    def put_file(self, tmp_path: str, md5_hex: str) -> None: ...
    def exists(self, md5_hex: str) -> bool: ...
    def open(self, md5_hex: str) -> BinaryIO: ...
    def iter_bytes(self, md5_hex: str) -> Iterator[bytes]: ...
    def size(self, md5_hex: str) -> int | None: ...
    def iter_range(self, md5_hex: str, start: int, length: int) -> Iterator[bytes]: ...
    def delete(self, md5_hex: str) -> None: ...
    def iter_blobs(self) -> Iterator[tuple[str, float, int]]: ...


_HEX = frozenset("0123456789abcdef")


def is_digest(name: str) -> bool:
    """True for a blob name: 32 lowercase hex characters."""
    return len(name) == 32 and _HEX.issuperset(name)


def _check_digest(md5_hex: str) -> str:
    if len(md5_hex) != 32 or not _HEX.issuperset(md5_hex):
        raise ValueError(f"blob digest: expected 32 lowercase hex characters, got {md5_hex!r}")
    return md5_hex


class LocalBlobStore:
    """Blobs under ``root/<md5[:2]>/<md5>``; writes are atomic renames."""

    def __init__(self, root: str) -> None:
        self.root = os.path.abspath(root)
        os.makedirs(self.root, exist_ok=True)
        self.tmp_dir = os.path.join(self.root, "tmp")
        os.makedirs(self.tmp_dir, exist_ok=True)

    def path(self, md5_hex: str) -> str:
        _check_digest(md5_hex)
        return os.path.join(self.root, md5_hex[:2], md5_hex)

    def put_file(self, tmp_path: str, md5_hex: str) -> None:
        dest = self.path(md5_hex)
        if os.path.exists(dest):
            try:
                os.utime(dest)  # stored again just now: the GC's grace period starts anew
            except FileNotFoundError:  # collected meanwhile: store this copy after all
                pass
            except OSError:  # not ours to touch (a shared, read-only blob root): keep it as is
                os.unlink(tmp_path)
                return
            else:
                os.unlink(tmp_path)
                return
        try:
            os.replace(tmp_path, dest)
        except FileNotFoundError:  # first blob of this prefix (or tmp_path vanished: re-raised)
            os.makedirs(os.path.dirname(dest), exist_ok=True)
            os.replace(tmp_path, dest)

    def exists(self, md5_hex: str) -> bool:
        return os.path.exists(self.path(md5_hex))

    def open(self, md5_hex: str) -> BinaryIO:
        return open(self.path(md5_hex), "rb")

    def iter_bytes(self, md5_hex: str) -> Iterator[bytes]:
        with self.open(md5_hex) as f:
            while True:
                chunk = f.read(CHUNK)
                if not chunk:
                    return
                yield chunk

    def size(self, md5_hex: str) -> int | None:
        """The blob's size in bytes; None when it is not stored."""
        try:
            return os.stat(self.path(md5_hex)).st_size
        except FileNotFoundError:
            return None

    def iter_range(self, md5_hex: str, start: int, length: int) -> Iterator[bytes]:
        """``length`` bytes from offset ``start`` (the HTTP layer reads local blobs itself)."""
        fd = os.open(self.path(md5_hex), os.O_RDONLY)
        try:
            while length > 0:
                chunk = os.pread(fd, min(CHUNK, length), start)
                if not chunk:
                    raise OSError(f"blob {md5_hex}: shorter than expected")
                start += len(chunk)
                length -= len(chunk)
                yield chunk
        finally:
            os.close(fd)

    def delete(self, md5_hex: str) -> None:
        try:
            os.unlink(self.path(md5_hex))
        except FileNotFoundError:
            pass

    def iter_blobs(self) -> Iterator[tuple[str, float, int]]:
        """(md5 hex, mtime, size) of every stored blob: files named by their digest in the
        two-hex-character subdirectories (``tmp``, ``local-probe`` and strays are skipped)."""
        try:
            tops = sorted(e.name for e in os.scandir(self.root)
                          if len(e.name) == 2 and _HEX.issuperset(e.name) and e.is_dir(follow_symlinks=False))
        except FileNotFoundError:
            return
        for top in tops:
            try:
                entries = list(os.scandir(os.path.join(self.root, top)))
            except FileNotFoundError:
                continue
            for e in entries:
                if not (is_digest(e.name) and e.name.startswith(top)):
                    continue
                try:
                    if not e.is_file(follow_symlinks=False):
                        continue
                    st = e.stat(follow_symlinks=False)
                except FileNotFoundError:  # deleted meanwhile
                    continue
                yield e.name, st.st_mtime, st.st_size


class S3BlobStore:
    """Blobs in an S3-compatible bucket under ``prefix/<md5>`` (boto3, imported lazily)."""

    def __init__(self, url: str, tmp_root: str) -> None:
        import boto3  # optional dependency: pip install 'wandb[server-s3]'

        rest = url[len("s3://"):]
        self.bucket, _, prefix = rest.partition("/")
        if not self.bucket:
            raise ValueError(f"blob_store: expected s3://bucket[/prefix], got {url!r}")
        self.prefix = prefix.strip("/")
        endpoint = os.environ.get("WANDB_SERVER_S3_ENDPOINT") or os.environ.get("AWS_ENDPOINT_URL")
        self.client = boto3.client("s3", endpoint_url=endpoint or None)
        self.tmp_dir = os.path.join(tmp_root, "blob-tmp")
        os.makedirs(self.tmp_dir, exist_ok=True)

    def key(self, md5_hex: str) -> str:
        _check_digest(md5_hex)
        return f"{self.prefix}/{md5_hex}" if self.prefix else md5_hex

    def put_file(self, tmp_path: str, md5_hex: str) -> None:
        try:
            if not self.exists(md5_hex):
                self.client.upload_file(tmp_path, self.bucket, self.key(md5_hex))
        finally:
            os.unlink(tmp_path)

    def exists(self, md5_hex: str) -> bool:
        try:
            self.client.head_object(Bucket=self.bucket, Key=self.key(md5_hex))
            return True
        except Exception:
            return False

    def open(self, md5_hex: str) -> BinaryIO:
        obj = self.client.get_object(Bucket=self.bucket, Key=self.key(md5_hex))
        return obj["Body"]

    def iter_bytes(self, md5_hex: str) -> Iterator[bytes]:
        body = self.open(md5_hex)
        while True:
            chunk = body.read(CHUNK)
            if not chunk:
                return
            yield chunk

    def size(self, md5_hex: str) -> int | None:
        try:
            head = self.client.head_object(Bucket=self.bucket, Key=self.key(md5_hex))
        except Exception:
            return None
        return int(head["ContentLength"])

    def iter_range(self, md5_hex: str, start: int, length: int) -> Iterator[bytes]:
        """A ranged GetObject, streamed in CHUNK pieces."""
        if length <= 0:
            return
        obj = self.client.get_object(Bucket=self.bucket, Key=self.key(md5_hex),
                                     Range=f"bytes={start}-{start + length - 1}")
        body = obj["Body"]
        try:
            while length > 0:
                chunk = body.read(min(CHUNK, length))
                if not chunk:
                    raise OSError(f"blob {md5_hex}: shorter than expected")
                length -= len(chunk)
                yield chunk
        finally:
            body.close()

    def delete(self, md5_hex: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=self.key(md5_hex))

    def iter_blobs(self) -> Iterator[tuple[str, float, int]]:
        """(md5 hex, LastModified epoch seconds, size) of every object ``prefix/<md5>``."""
        lead = f"{self.prefix}/" if self.prefix else ""
        pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=lead)
        for page in pages:
            for obj in page.get("Contents") or []:
                name = obj["Key"][len(lead):]
                if is_digest(name):
                    yield name, obj["LastModified"].timestamp(), int(obj.get("Size") or 0)


def make_blob_store(spec: str, data_dir: str) -> BlobStore:
    """A store for ``spec``: a directory path or ``s3://bucket/prefix``."""
    if spec.startswith("s3://"):
        return S3BlobStore(spec, data_dir)
    return LocalBlobStore(spec)


_TMP_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0)


def open_tmp(tmp_dir: str, prefix: str) -> tuple[int, str]:
    """A new private (0600) file in ``tmp_dir``: (write-only fd, path); cheaper than mkstemp."""
    for _ in range(100):
        path = os.path.join(tmp_dir, prefix + secrets.token_hex(8))
        try:
            return os.open(path, _TMP_FLAGS, 0o600), path
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name in {tmp_dir}")


MEM_MAX = 256 * 1024  # bodies up to this size stay in memory until they are verified


class SpooledUpload:
    """Collects an upload while hashing it (MD5): in memory up to MEM_MAX bytes, else in a
    temporary file (``materialize()`` gives a file either way).

    ``reserve`` (event loop) counts bytes against the limit; ``write_many`` (any thread) hashes
    and writes a batch; ``finish`` / ``discard`` wait for a write in flight (one lock), so a
    worker thread never writes to a closed (possibly reused) descriptor."""

    def __init__(self, tmp_dir: str, limit: int) -> None:
        self.tmp_dir = tmp_dir
        self.path: str | None = None
        self._fd = -1
        self._mem: list[bytes] = []
        self._mem_size = 0
        self._closed = False
        self._deferred: list[bytes] = []
        self._md5 = hashlib.md5()
        self._lock = threading.Lock()
        self.size = 0
        self.limit = limit

    @property
    def in_memory(self) -> bool:
        return self.path is None

    def reserve(self, n: int) -> None:
        """Count ``n`` more bytes; OverflowError past the limit."""
        self.size += n
        if self.size > self.limit:
            raise OverflowError(f"upload larger than the limit of {self.limit} bytes")

    def write(self, chunk: bytes) -> None:
        self.reserve(len(chunk))
        self.write_many([chunk])

    def write_many(self, chunks: Sequence[bytes]) -> None:
        """Hash and keep ``chunks`` (hashlib and os.write release the GIL on big buffers)."""
        with self._lock:
            if self._closed:
                raise ValueError("upload spool already closed")
            n = 0
            for c in chunks:
                self._md5.update(c)
                n += len(c)
            if self.path is None and self._mem_size + n <= MEM_MAX:
                self._mem.extend(chunks)
                self._mem_size += n
                return
            if self.path is None:
                self._spill()
            _write_all(self._fd, chunks)

    def defer(self, chunks: Sequence[bytes]) -> None:
        """Keep the last ``chunks`` unhashed: ``finish`` (run in a worker thread) hashes them."""
        with self._lock:
            self._deferred.extend(chunks)

    def _spill(self) -> None:
        self._fd, self.path = open_tmp(self.tmp_dir, "up-")
        _write_all(self._fd, self._mem)
        self._mem, self._mem_size = [], 0

    def _close(self) -> None:
        with self._lock:
            self._closed = True
            if self._fd >= 0:
                fd, self._fd = self._fd, -1
                os.close(fd)

    def finish(self) -> tuple[str, bytes]:
        """Close the spool: (hex MD5, raw MD5) of the whole body."""
        if self._deferred:
            chunks, self._deferred = self._deferred, []
            self.write_many(chunks)
        self._close()
        return self._md5.hexdigest(), self._md5.digest()

    def data(self) -> bytes:
        """The body of an in-memory spool."""
        assert self.path is None, "the upload was spilled to a file"
        return b"".join(self._mem)

    def materialize(self) -> str:
        """The path of a file holding the body (written now for an in-memory spool)."""
        with self._lock:
            if self.path is None:
                self._spill()
                fd, self._fd = self._fd, -1
                os.close(fd)
            return self.path  # type: ignore[return-value]

    def discard(self) -> None:
        try:
            self._close()
        finally:
            self._mem, self._deferred = [], []
            if self.path is not None:
                try:
                    os.unlink(self.path)
                except FileNotFoundError:
                    pass


def _write_all(fd: int, chunks: Sequence[bytes]) -> None:
    views = [memoryview(c) for c in chunks if c]
    while views:
        n = os.writev(fd, views[:1024])
        while views and n >= len(views[0]):
            n -= len(views[0])
            views.pop(0)
        if n:
            views[0] = views[0][n:]

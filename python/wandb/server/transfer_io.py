"""Fast blob bodies for the transfer routes: pipelined upload spooling and ranged downloads.

Uploads: the event loop receives the body while a worker thread hashes (MD5) and writes the
previous batch. Downloads: local blobs are read with os.pread in large chunks (the next chunk is
read in a thread while the current one is sent), S3 blobs with ranged GetObject; both honour
``Range`` (206 / multipart/byteranges / 416) and ``If-Range``."""

from __future__ import annotations

import asyncio
import os
import secrets
from typing import Any, Awaitable, Callable, Iterator

from starlette.requests import Request

from wandb.server.blobs import LocalBlobStore, SpooledUpload
from wandb.server.errors import ClientError
from wandb.server.http_util import parse_range

BATCH = 2 * 1024 * 1024  # bytes handed to one hashing/writing step (upload)
READ_CHUNK = 4 * 1024 * 1024  # bytes read per pread (download)
INLINE_MAX = 256 * 1024  # at most this much is hashed / read on the event loop itself

Send = Callable[[dict], Awaitable[None]]


async def spool_request(request: Request, tmp_dir: str, limit: int) -> SpooledUpload:
    """The request body in a SpooledUpload (hashed and written); 413 past ``limit``."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise ClientError(f"upload too large: limit is {limit} bytes", status=413)
    spool = SpooledUpload(tmp_dir, limit)
    loop = asyncio.get_running_loop()
    pending: asyncio.Future | None = None
    batch: list[bytes] = []
    n = 0
    try:
        async for chunk in request.stream():
            if not chunk:
                continue
            try:
                spool.reserve(len(chunk))
            except OverflowError as e:
                raise ClientError(str(e), status=413) from None
            batch.append(chunk)
            n += len(chunk)
            if n >= BATCH:
                if pending is not None:
                    await pending
                pending = loop.run_in_executor(None, spool.write_many, batch)
                batch, n = [], 0
        if pending is not None:
            await pending
            pending = None
        if batch:
            if n <= INLINE_MAX:
                spool.defer(batch)  # hashed by spool.finish(), in the caller's worker thread
            else:
                await loop.run_in_executor(None, spool.write_many, batch)
    except BaseException:
        if pending is not None:
            pending.cancel()  # a batch not yet started is dropped; one in flight holds the lock
            pending.add_done_callback(lambda f: f.cancelled() or f.exception())
        spool.discard()  # waits for a write in flight (the spool's lock)
        raise
    return spool


class BlobResponse:
    """An ASGI response with a blob's bytes, whole (200) or ranged (206 / 416)."""

    def __init__(self, blobs: Any, digest: str, size: int, media_type: str, request: Request) -> None:
        self.blobs = blobs
        self.digest = digest
        self.size = size
        self.media_type = media_type
        self.etag = f'"{digest}"'
        self.head = request.method == "HEAD"
        rng = request.headers.get("range")
        if_range = request.headers.get("if-range")
        if rng and if_range is not None and if_range.strip() != self.etag:
            rng = None  # the client's copy is of another representation: send it all
        self.ranges = parse_range(rng, size)

    def _headers(self, extra: dict[str, str]) -> list[tuple[bytes, bytes]]:
        base = {"etag": self.etag, "accept-ranges": "bytes", **extra}
        return [(k.encode("latin-1"), v.encode("latin-1")) for k, v in base.items()]

    async def __call__(self, scope: dict, receive: Any, send: Send) -> None:
        size = self.size
        if self.ranges is None:
            await self._start(send, 200, {"content-type": self.media_type, "content-length": str(size)})
            await self._body(send, [(0, size)], last=True)
        elif not self.ranges:
            await self._start(send, 416, {"content-range": f"bytes */{size}", "content-length": "0"})
            await send({"type": "http.response.body", "body": b""})
        elif len(self.ranges) == 1:
            start, length = self.ranges[0]
            await self._start(send, 206, {"content-type": self.media_type, "content-length": str(length),
                                          "content-range": f"bytes {start}-{start + length - 1}/{size}"})
            await self._body(send, self.ranges, last=True)
        else:
            await self._multipart(send)

    async def _start(self, send: Send, status: int, extra: dict[str, str]) -> None:
        await send({"type": "http.response.start", "status": status, "headers": self._headers(extra)})

    async def _multipart(self, send: Send) -> None:
        boundary = secrets.token_hex(12)
        heads = [(f"--{boundary}\r\nContent-Type: {self.media_type}\r\nContent-Range: bytes "
                  f"{s}-{s + n - 1}/{self.size}\r\n\r\n").encode("latin-1") for s, n in self.ranges]
        tail = f"--{boundary}--\r\n".encode("latin-1")
        total = sum(len(h) + n + 2 for h, (_s, n) in zip(heads, self.ranges)) + len(tail)
        await self._start(send, 206, {"content-type": f"multipart/byteranges; boundary={boundary}",
                                      "content-length": str(total)})
        if self.head:
            await send({"type": "http.response.body", "body": b""})
            return
        for h, rng in zip(heads, self.ranges):
            await send({"type": "http.response.body", "body": h, "more_body": True})
            await self._body(send, [rng], last=False)
            await send({"type": "http.response.body", "body": b"\r\n", "more_body": True})
        await send({"type": "http.response.body", "body": tail})

    async def _body(self, send: Send, ranges: list[tuple[int, int]], last: bool) -> None:
        if self.head:
            if last:
                await send({"type": "http.response.body", "body": b""})
            return
        if isinstance(self.blobs, LocalBlobStore):
            await self._local_body(send, ranges, last)
        else:
            await self._iter_body(send, ranges, last)

    async def _local_body(self, send: Send, ranges: list[tuple[int, int]], last: bool) -> None:
        loop = asyncio.get_running_loop()
        fd = os.open(self.blobs.path(self.digest), os.O_RDONLY)
        nxt: asyncio.Future | None = None
        try:
            for start, length in ranges:
                if length <= INLINE_MAX:
                    data = os.pread(fd, length, start) if length else b""
                    if len(data) != length:
                        raise OSError(f"blob {self.digest}: shorter than its recorded size")
                    await send({"type": "http.response.body", "body": data, "more_body": not last})
                    continue
                end = start + length
                nxt = loop.run_in_executor(None, os.pread, fd, min(READ_CHUNK, end - start), start)
                while True:
                    data = await nxt
                    if not data:
                        raise OSError(f"blob {self.digest}: shorter than its recorded size")
                    start += len(data)
                    if start < end:
                        nxt = loop.run_in_executor(None, os.pread, fd, min(READ_CHUNK, end - start), start)
                        await send({"type": "http.response.body", "body": data, "more_body": True})
                    else:
                        await send({"type": "http.response.body", "body": data, "more_body": not last})
                        break
        finally:
            if nxt is not None:
                try:
                    await nxt  # never close the fd under a read in flight
                except BaseException:  # noqa: BLE001
                    pass
            os.close(fd)

    async def _iter_body(self, send: Send, ranges: list[tuple[int, int]], last: bool) -> None:
        loop = asyncio.get_running_loop()
        for start, length in ranges:
            it: Iterator[bytes] = self.blobs.iter_range(self.digest, start, length)
            sent = 0
            try:
                while True:
                    data = await loop.run_in_executor(None, next, it, b"")
                    if not data:
                        break
                    sent += len(data)
                    await send({"type": "http.response.body", "body": data, "more_body": True})
            finally:
                await loop.run_in_executor(None, it.close)  # type: ignore[attr-defined]
            if sent != length:
                raise OSError(f"blob {self.digest}: shorter than its recorded size")
        if last:
            await send({"type": "http.response.body", "body": b""})

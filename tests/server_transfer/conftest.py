"""Fixtures: a Vireo server in a thread plus signed blob URLs (white-box: the app's signer)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

import pytest

pytest.importorskip("requests")
pytest.importorskip("starlette")


@dataclass
class BlobSrv:
    handle: Any

    @property
    def url(self) -> str:
        return self.handle.url

    def put_url(self, md5_hex: str) -> str:
        return f"{self.url}/artifact-blobs/{md5_hex}?{self.handle.app.state.signer.query('ablob', md5_hex, 600)}"

    def get_url(self, md5_hex: str) -> str:
        return f"{self.url}/blobs/{md5_hex}?{self.handle.app.state.signer.query('blob', md5_hex, 600)}"

    def put(self, data: bytes) -> str:
        import requests

        md5_hex = hashlib.md5(data).hexdigest()
        r = requests.put(self.put_url(md5_hex), data=data, timeout=30)
        assert r.status_code == 200, r.text
        return md5_hex


@pytest.fixture
def blob_srv(tmp_path, monkeypatch):
    from wandb.server import start_in_thread

    monkeypatch.delenv("WANDB_SERVER_ADMIN_KEY", raising=False)
    h = start_in_thread(str(tmp_path / "srv"), max_upload_bytes=64 * 1024 * 1024)
    try:
        yield BlobSrv(h)
    finally:
        h.stop()

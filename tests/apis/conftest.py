"""Fixtures for the Public API tests: a fake GraphQL transport and an Api bound to it."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

_HERE = str(Path(__file__).resolve().parent)
if _HERE not in sys.path:
    sys.path.append(_HERE)

from fake_transport import BASE, KEY, FakeSession, viewer_handlers  # noqa: E402


@pytest.fixture
def no_global_settings(isolated_wandb_env, monkeypatch):
    """Api reads only env / overrides / netrc (not settings cached by other tests)."""
    import wandb.apis.public.api as api_mod

    monkeypatch.setattr(api_mod, "_settings_value", lambda name: None)
    return isolated_wandb_env


@pytest.fixture
def fake(no_global_settings):
    return FakeSession(handlers=viewer_handlers())


@pytest.fixture
def make_api(fake):
    from wandb.apis.public import Api

    def make(**kw):
        kw.setdefault("overrides", {"base_url": BASE})
        kw.setdefault("api_key", KEY)
        return Api(_session=fake, **kw)

    return make

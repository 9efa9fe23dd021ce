"""Keys: required everywhere but /healthz, stored hashed, admin-only user creation."""

from __future__ import annotations

import base64
import os
import stat

import requests

CREATE_USER = """mutation C($input: CreateUserInput) { createUser(input: $input) { user { id username email admin } } }"""
GEN_KEY = """mutation G($input: GenerateApiKeyInput) { generateApiKey(input: $input) { apiKey { id name } } }"""


def test_missing_and_wrong_keys_are_401(server):
    for auth in (None, ("api", "0" * 40), ("api", server.key[:-1] + "x")):
        r = requests.post(server.url + "/graphql", json={"query": "{viewer{id}}"}, auth=auth, timeout=10)
        assert r.status_code == 401, auth
        assert r.json()["errors"][0]["message"]
    r = requests.post(server.url + "/graphql", json={"query": "{viewer{id}}"}, timeout=10,
                      headers={"Authorization": "Basic " + base64.b64encode(b"no-colon").decode()})
    assert r.status_code == 401
    r = requests.post(server.url + "/graphql", json={"query": "{viewer{id}}"}, timeout=10,
                      headers={"Authorization": "Basic %%%"})
    assert r.status_code == 401
    server.create_run("r", "p")
    r = requests.post(server.url + "/files/admin/p/r/file_stream", json={}, auth=("api", "1" * 40), timeout=10)
    assert r.status_code == 401
    r = requests.get(server.url + "/files/admin/p/r/x.txt", timeout=10)
    assert r.status_code == 401


def test_admin_key_file_and_hash_storage(server):
    path = os.path.join(server.handle.data_dir, "admin-key")
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    with open(path) as f:
        assert f.read().strip() == server.key
    assert len(server.key) == 40 and int(server.key, 16) >= 0
    from sqlalchemy import select

    from wandb.server import tables as t

    with server.store.ro() as conn:
        stored = [r.key_hash for r in conn.execute(select(t.api_keys))]
    assert server.key not in stored and len(stored) == 1 and len(stored[0]) == 64


def test_admin_creates_user_and_key_via_graphql(server):
    u = server.gql(CREATE_USER, {"input": {"username": "alice", "email": "a@example.com"}})["createUser"]["user"]
    assert (u["username"], u["email"], u["admin"]) == ("alice", "a@example.com", False)
    k = server.gql(GEN_KEY, {"input": {"username": "alice", "description": "ci"}})["generateApiKey"]["apiKey"]
    alice_key = k["name"]
    assert len(alice_key) == 40
    assert server.gql("{viewer{username entity admin}}", key=alice_key)["viewer"] == {
        "username": "alice", "entity": "alice", "admin": False}
    r = server.post_gql(CREATE_USER, {"input": {"username": "mallory"}}, key=alice_key)
    assert r.status_code == 403 and server.store.user_by_name("mallory") is None
    r = server.post_gql(GEN_KEY, {"input": {"username": "admin"}}, key=alice_key)
    assert r.status_code == 403
    own = server.gql(GEN_KEY, {"input": {}}, key=alice_key)["generateApiKey"]["apiKey"]["name"]
    assert server.gql("{viewer{username}}", key=own)["viewer"]["username"] == "alice"
    r = server.post_gql(CREATE_USER, {"input": {"username": "alice"}})
    assert r.status_code == 409


def test_env_admin_key_at_first_start(tmp_path, monkeypatch):
    from wandb.server import start_in_thread

    chosen = "k" * 44
    monkeypatch.setenv("WANDB_SERVER_ADMIN_KEY", chosen)
    h = start_in_thread(str(tmp_path / "d"))
    try:
        assert h.admin_key == chosen
        r = requests.post(h.url + "/graphql", json={"query": "{viewer{username}}"}, auth=("api", chosen), timeout=10)
        assert r.json() == {"data": {"viewer": {"username": "admin"}}}
    finally:
        h.stop()
    monkeypatch.setenv("WANDB_SERVER_ADMIN_KEY", "z" * 44)  # later starts keep the first key
    h = start_in_thread(str(tmp_path / "d"))
    try:
        assert h.admin_key == chosen
        r = requests.post(h.url + "/graphql", json={"query": "{viewer{id}}"}, auth=("api", "z" * 44), timeout=10)
        assert r.status_code == 401
    finally:
        h.stop()


def test_short_env_admin_key_is_refused(tmp_path, monkeypatch):
    import pytest

    from wandb.server import start_in_thread

    monkeypatch.setenv("WANDB_SERVER_ADMIN_KEY", "short")
    with pytest.raises(ValueError, match="at least 40"):
        start_in_thread(str(tmp_path / "d"))


def test_refused_env_key_creates_no_admin(tmp_path, monkeypatch):
    import pytest

    from wandb.server import start_in_thread

    monkeypatch.setenv("WANDB_SERVER_ADMIN_KEY", "short")
    with pytest.raises(ValueError):
        start_in_thread(str(tmp_path / "d"))
    monkeypatch.setenv("WANDB_SERVER_ADMIN_KEY", "a" * 40)
    h = start_in_thread(str(tmp_path / "d"))
    try:
        assert h.admin_key == "a" * 40
    finally:
        h.stop()

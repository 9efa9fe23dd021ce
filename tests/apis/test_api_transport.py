"""Api construction, wire format, credentials, retries and error mapping (fake transport)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from fake_transport import BASE, KEY, FakeSession, Reply, viewer_handlers

from wandb.apis.public import Api
from wandb.apis.public._gql import GraphQLClient
from wandb.errors import AuthenticationError, CommError, UsageError


def test_construction_sequence_and_headers(make_api, fake):
    api = make_api()
    assert fake.ops() == ["<anonymous>", "Viewer"]
    first, second = fake.calls
    assert first.url == f"{BASE}/graphql"
    assert first.auth == ("api", KEY)
    assert first.headers["User-Agent"] == "W&B Public Client 0.21.3"
    assert first.headers["Use-Admin-Privileges"] == "true"
    assert set(first.body) == {"query", "variables"}  # no operationName
    assert first.body["variables"] == {}
    assert "apiKeys" in second.query and "admin" in second.query
    assert api.viewer.entity == "alice"
    assert api.viewer.teams == ["team-a"]
    assert api.viewer.email == "alice@example.com"
    assert api.default_entity == "alice"
    assert fake.ops() == ["<anonymous>", "Viewer"]  # cached from the viewer


def test_default_entity_query_when_viewer_failed(no_global_settings):
    handlers = viewer_handlers()
    calls = {"n": 0}

    def viewer(v):
        calls["n"] += 1
        if calls["n"] == 1:
            return Reply(200, {"errors": [{"message": "boom"}]})
        return {"viewer": {"id": "x", "entity": "bob"}}

    handlers["Viewer"] = viewer
    fake = FakeSession(handlers=handlers)
    api = Api(overrides={"base_url": BASE}, api_key=KEY, _session=fake)
    assert api.default_entity == "bob"
    assert "entity" in fake.last("Viewer").query and "apiKeys" not in fake.last("Viewer").query


def test_base_url_from_env_and_trailing_slash(fake, monkeypatch):
    monkeypatch.setenv("WANDB_BASE_URL", "http://env.test:1/")
    Api(api_key=KEY, _session=fake)
    assert fake.calls[0].url == "http://env.test:1/graphql"


def test_override_beats_env(fake, monkeypatch):
    monkeypatch.setenv("WANDB_BASE_URL", "http://env.test:1")
    Api(overrides={"base_url": "http://over.test:2"}, api_key=KEY, _session=fake)
    assert fake.calls[0].url == "http://over.test:2/graphql"


def test_api_key_from_env(fake, monkeypatch):
    monkeypatch.setenv("WANDB_API_KEY", "e" * 40)
    api = Api(overrides={"base_url": BASE}, _session=fake)
    assert fake.calls[0].auth == ("api", "e" * 40)
    assert api.api_key == "e" * 40


def test_api_key_argument_beats_env(fake, monkeypatch):
    monkeypatch.setenv("WANDB_API_KEY", "e" * 40)
    Api(overrides={"base_url": BASE}, api_key=KEY, _session=fake)
    assert fake.calls[0].auth == ("api", KEY)


def test_api_key_from_netrc(fake, tmp_path, monkeypatch):
    netrc = tmp_path / "netrc"
    netrc.write_text("machine fake.test:8080\n  login user\n  password " + "n" * 40 + "\n")
    os.chmod(netrc, 0o600)
    monkeypatch.setenv("NETRC", str(netrc))
    Api(overrides={"base_url": BASE}, _session=fake)
    assert fake.calls[0].auth == ("api", "n" * 40)


def test_no_key_is_usage_error(fake):
    with pytest.raises(UsageError, match="api_key not configured"):
        Api(overrides={"base_url": BASE}, _session=fake)
    assert fake.calls == []


def test_401_is_authentication_error(no_global_settings):
    handlers = viewer_handlers()
    handlers["<anonymous>"] = lambda v: Reply(401, {"errors": [{"message": "invalid key"}]},
                                              reason="Unauthorized")
    fake = FakeSession(handlers=handlers)
    with pytest.raises(AuthenticationError) as ei:
        Api(overrides={"base_url": BASE}, api_key=KEY, _session=fake)
    assert "invalid key" in str(ei.value)
    assert len(fake.calls) == 1  # not retried


def test_null_viewer_is_authentication_error(no_global_settings):
    handlers = viewer_handlers()
    handlers["<anonymous>"] = lambda v: {"viewer": None}
    with pytest.raises(AuthenticationError, match="API key verification failed for host "
                                                  "http://fake.test:8080"):
        Api(overrides={"base_url": BASE}, api_key=KEY, _session=FakeSession(handlers=handlers))


def test_graphql_error_is_comm_error_with_message_not_retried(make_api, fake):
    api = make_api()
    fake.handlers["Run"] = lambda v: Reply(200, {"errors": [{"message": "run is locked"}],
                                                 "data": None})
    n = len(fake.calls)
    with pytest.raises(CommError, match="^run is locked$"):
        api.run("e/p/r1")
    assert [c.op for c in fake.calls[n:]] == ["ProbeRunInput", "Run"]


def test_missing_run_is_value_error(make_api, fake):
    api = make_api()
    fake.handlers["Run"] = lambda v: {"project": {"run": None}}
    with pytest.raises(ValueError, match="Could not find run"):
        api.run("e/p/nope")


# -- retries (GraphQLClient directly, with a fake clock) -----------------------------------
class Clock:
    def __init__(self):
        self.t = 0.0
        self.sleeps = []

    def now(self):
        return self.t

    def sleep(self, s):
        self.sleeps.append(s)
        self.t += s


def _client(fake, clock, **kw):
    return GraphQLClient(f"{BASE}/graphql", KEY, session=fake, sleep=clock.sleep,
                         clock=clock.now, **kw)


def test_5xx_retried_then_succeeds():
    seq = [Reply(500, {"error": "db down"}), Reply(503, raw=b"unavailable"), {"ok": 1}]
    fake = FakeSession(handlers={"Q": lambda v: seq.pop(0)})
    clock = Clock()
    assert _client(fake, clock).execute("query Q { ok }") == {"ok": 1}
    assert len(fake.calls) == 3
    assert 1.0 <= clock.sleeps[0] <= 1.25 and 2.0 <= clock.sleeps[1] <= 2.5


def test_5xx_gives_up_after_20_seconds_with_server_message():
    fake = FakeSession(handlers={"Q": lambda v: Reply(500, {"errors": [{"message": "oops"}]})})
    clock = Clock()
    with pytest.raises(CommError, match=r"^HTTP 500: oops$"):
        _client(fake, clock).execute("query Q { ok }")
    assert clock.t <= 20.0
    assert len(fake.calls) == 5  # sleeps ~1, 2, 4, 8 then the next (16) would pass 20 s


@pytest.mark.parametrize("status", [400, 403, 404, 409])
def test_client_errors_not_retried(status):
    fake = FakeSession(handlers={"Q": lambda v: Reply(status, {"error": {"message": "nope"}})})
    with pytest.raises(CommError, match=f"^HTTP {status}: nope$") as ei:
        _client(fake, Clock()).execute("query Q { ok }")
    assert not isinstance(ei.value, AuthenticationError)
    assert len(fake.calls) == 1


def test_connection_error_retried():
    import requests

    seq = [Reply(body=requests.ConnectionError("refused")), {"ok": 2}]
    fake = FakeSession(handlers={"Q": lambda v: seq.pop(0)})
    assert _client(fake, Clock()).execute("query Q { ok }") == {"ok": 2}
    assert len(fake.calls) == 2


def test_connection_error_gives_up_as_comm_error():
    import requests

    fake = FakeSession(handlers={"Q": lambda v: Reply(body=requests.ConnectionError("refused"))})
    with pytest.raises(CommError, match="ConnectionError: refused"):
        _client(fake, Clock(), retry_seconds=3).execute("query Q { ok }")


def test_response_with_neither_data_nor_errors():
    fake = FakeSession(handlers={"Q": lambda v: Reply(200, {"foo": 1})})
    with pytest.raises(CommError, match="non-compatible response"):
        _client(fake, Clock()).execute("query Q { ok }")


def test_request_body_is_exact_json():
    fake = FakeSession(handlers={"Q": lambda v: {"ok": 1}})
    _client(fake, Clock()).execute("query Q($a: Int) { ok }", {"a": 5})
    assert fake.calls[0].body == {"query": "query Q($a: Int) { ok }", "variables": {"a": 5}}


def test_extra_headers_env(fake, monkeypatch):
    monkeypatch.setenv("WANDB__EXTRA_HTTP_HEADERS", json.dumps({"X-Test": "1"}))
    Api(overrides={"base_url": BASE}, api_key=KEY, _session=fake)
    assert fake.calls[0].headers["X-Test"] == "1"


def test_import_wandb_does_not_import_apis():
    code = "import sys, wandb; print(any(m.startswith('wandb.apis') for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"


def test_timeout_argument_and_env(fake, monkeypatch):
    Api(overrides={"base_url": BASE}, api_key=KEY, timeout=42, _session=fake)
    assert {c.timeout for c in fake.calls} == {42}
    fake.calls.clear()
    monkeypatch.setenv("WANDB_HTTP_TIMEOUT", "7")
    Api(overrides={"base_url": BASE}, api_key=KEY, _session=fake)
    assert {c.timeout for c in fake.calls} == {7.0}
    fake.calls.clear()
    monkeypatch.delenv("WANDB_HTTP_TIMEOUT")
    Api(overrides={"base_url": BASE}, api_key=KEY, _session=fake)
    assert {c.timeout for c in fake.calls} == {19}


def test_entity_and_project_overrides(fake):
    fake.handlers["Runs"] = lambda v: {"project": {"runCount": 0, "runs": {
        "edges": [], "pageInfo": {"endCursor": None, "hasNextPage": False}}}}
    api = Api(overrides={"base_url": BASE, "entity": "team", "project": "proj"}, api_key=KEY,
              _session=fake)
    assert len(api.runs()) == 0
    v = fake.last("Runs").variables
    assert (v["entity"], v["project"]) == ("team", "proj")
    assert "Viewer" in fake.ops()  # construction still fetches the viewer


def test_app_url(make_api, fake):
    from wandb.apis.public._gql import GraphQLClient

    assert GraphQLClient("https://api.wandb.ai/graphql", None).app_url == "https://wandb.ai/"
    assert GraphQLClient("https://api.example.com/graphql", None).app_url == \
        "https://app.example.com/"
    assert make_api().client.app_url == f"{BASE}/"


def test_wandb_api_is_public_api():
    import wandb
    import wandb.apis

    assert wandb.Api is Api
    assert wandb.apis.PublicApi is Api

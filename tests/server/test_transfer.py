"""Uploads to signed URLs, authenticated File.url downloads, signed directUrl downloads."""

from __future__ import annotations

import base64
import hashlib

import requests
import srv_docs as docs


def _upload_urls(server, run, names):
    data = server.gql(docs.CREATE_RUN_FILES, {"entity": "admin", "project": "p", "run": run, "files": names})
    return {f["name"]: f["uploadUrl"] for f in data["createRunFiles"]["files"]}


def _files(server, run="r", **v):
    data = server.gql(docs.RUN_FILES, {"project": "p", "entity": "admin", "name": run, **v})
    return data["project"]["run"]


def test_upload_then_list_and_download(server):
    server.create_run("r", "p")
    payload = b"hello vireo\n" * 100
    urls = _upload_urls(server, "r", ["files/custom.txt", "wandb-summary.json"])
    r = requests.put(urls["files/custom.txt"], data=payload, timeout=10)  # no auth on uploads
    assert r.status_code == 200 and r.headers["ETag"] == f'"{hashlib.md5(payload).hexdigest()}"'
    assert requests.put(urls["wandb-summary.json"], data=b'{"a": 1}', timeout=10).status_code == 200
    run = _files(server)
    assert run["fileCount"] == 2
    nodes = {e["node"]["name"]: e["node"] for e in run["files"]["edges"]}
    node = nodes["files/custom.txt"]
    assert node["sizeBytes"] == len(payload)
    assert node["md5"] == base64.b64encode(hashlib.md5(payload).digest()).decode()
    assert node["mimetype"] == "text/plain"
    got = requests.get(node["url"], auth=server.auth(), timeout=10)
    assert got.status_code == 200 and got.content == payload
    assert requests.get(node["url"], timeout=10).status_code == 401
    direct = requests.get(node["directUrl"], timeout=10)  # signed, no auth
    assert direct.status_code == 200 and direct.content == payload
    assert requests.get(node["directUrl"].replace("sig=", "sig=0"), timeout=10).status_code == 403
    only = _files(server, fileNames=["wandb-summary.json"])
    assert [e["node"]["name"] for e in only["files"]["edges"]] == ["wandb-summary.json"]
    pat = _files(server, pattern="%.json")
    assert [e["node"]["name"] for e in pat["files"]["edges"]] == ["wandb-summary.json"]


def test_reupload_replaces_content_and_blobs_are_shared(server):
    server.create_run("r", "p")
    server.create_run("r2", "p")
    url = _upload_urls(server, "r", ["a.txt"])["a.txt"]
    requests.put(url, data=b"one", timeout=10).raise_for_status()
    requests.put(url, data=b"two", timeout=10).raise_for_status()
    requests.put(_upload_urls(server, "r2", ["b.txt"])["b.txt"], data=b"two", timeout=10).raise_for_status()
    node = _files(server)["files"]["edges"][0]["node"]
    assert requests.get(node["url"], auth=server.auth(), timeout=10).content == b"two"
    node2 = _files(server, run="r2")["files"]["edges"][0]["node"]
    assert node["directUrl"].split("?")[0] == node2["directUrl"].split("?")[0]  # content-addressed


def test_upload_url_cannot_be_reused_for_another_run_or_name(server):
    server.create_run("r", "p")
    server.create_run("other", "p")
    url = _upload_urls(server, "r", ["a.txt"])["a.txt"]
    other_pk = server.store.run_by_name("admin", "p", "other").id
    mine_pk = server.store.run_by_name("admin", "p", "r").id
    forged = url.replace(f"/upload/{mine_pk}/", f"/upload/{other_pk}/")
    assert requests.put(forged, data=b"x", timeout=10).status_code == 403
    assert requests.put(url.replace("/a.txt", "/b.txt"), data=b"x", timeout=10).status_code == 403
    assert requests.put(url.split("?")[0], data=b"x", timeout=10).status_code == 403
    expired = url.split("exp=")[0] + "exp=1&sig=" + url.split("sig=")[1]
    assert requests.put(expired, data=b"x", timeout=10).status_code == 403
    assert _files(server, run="other")["fileCount"] == 0 and _files(server)["fileCount"] == 0


def test_expired_signature_is_rejected(server):
    signer = server.handle.app.state.signer
    server.create_run("r", "p")
    pk = server.store.run_by_name("admin", "p", "r").id
    exp = 1000
    url = f"{server.url}/upload/{pk}/a.txt?exp={exp}&sig={signer.sign('upload', f'{pk}/a.txt', exp)}"
    assert requests.put(url, data=b"x", timeout=10).status_code == 403


def test_path_traversal_in_urls(server):
    server.create_run("r", "p")
    pk = server.store.run_by_name("admin", "p", "r").id
    signer = server.handle.app.state.signer
    for name in ("../x", "a/../../x", "%2E%2E/x"):
        url = f"{server.url}/upload/{pk}/{name}?{signer.query('upload', f'{pk}/../x', 60)}"
        r = requests.put(url, data=b"x", timeout=10)
        assert r.status_code in (400, 403, 404), name
    r = requests.get(f"{server.url}/files/admin/p/r/%2E%2E/%2E%2E/admin-key", auth=server.auth(), timeout=10)
    assert r.status_code in (400, 404)
    assert _files(server)["fileCount"] == 0


def test_file_get_unknown_file_is_404(server):
    server.create_run("r", "p")
    r = requests.get(f"{server.url}/files/admin/p/r/missing.txt", auth=server.auth(), timeout=10)
    assert r.status_code == 404 and "missing.txt" in r.json()["error"]


def test_names_with_special_characters_round_trip(server):
    server.create_run("r", "p")
    name = "dir/with space %41 #1?.txt"
    url = _upload_urls(server, "r", [name])[name]
    assert requests.put(url, data=b"special", timeout=10).status_code == 200
    node = _files(server)["files"]["edges"][0]["node"]
    assert node["name"] == name
    assert requests.get(node["url"], auth=server.auth(), timeout=10).content == b"special"

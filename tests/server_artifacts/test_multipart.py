"""Multipart uploads as the Go core does them for large files: parts, ETags, complete, commit."""

from __future__ import annotations

import hashlib

import requests

import gqlhelp as g


def _parts(data: bytes, size: int) -> list[bytes]:
    return [data[i:i + size] for i in range(0, len(data), size)]


def _start(server, name: str, data: bytes, parts: list[bytes]) -> tuple[dict, dict]:
    files = {"big.bin": data}
    art = g.create(server, name, files)
    mvars = {"artifactID": art["id"], "baseArtifactID": None, "name": "wandb_manifest.json", "digest": "",
             "entityName": "admin", "projectName": "p", "runName": "", "manifestType": "FULL", "includeUpload": False}
    man = server.gql(g.MANIFEST, mvars)["createArtifactManifest"]["artifactManifest"]
    spec = [{"artifactID": art["id"], "name": "big.bin", "md5": g.b64md5(data), "mimetype": None,
             "artifactManifestID": man["id"],
             "uploadPartsInput": [{"partNumber": i + 1, "hexMD5": hashlib.md5(p).hexdigest()}
                                  for i, p in enumerate(parts)]}]
    node = server.gql(g.FILES, {"artifactFiles": spec, "storageLayout": "V2"})["createArtifactFiles"]["files"]["edges"][0]["node"]
    return art, node


def test_multipart_upload_complete_commit_download(server):
    data = bytes(range(256)) * 4096 + b"tail"  # ~1 MiB in 3 parts
    parts = _parts(data, 400_000)
    art, node = _start(server, "big", data, parts)
    assert node["uploadUrl"] is None and node["storagePath"] == hashlib.md5(data).hexdigest()
    urls = node["uploadMultipartUrls"]["uploadUrlParts"]
    assert [u["partNumber"] for u in urls] == [1, 2, 3]
    etags = []
    for u, p in zip(urls, parts):
        r = requests.put(u["uploadUrl"], data=p, headers={"Content-MD5": g.b64md5(p)}, timeout=30)
        assert r.status_code == 200
        etags.append(r.headers["ETag"])
    assert etags == [f'"{hashlib.md5(p).hexdigest()}"' for p in parts]
    # committing before completing: the file is not stored yet
    g.put_manifest(server, art, {"big.bin": data})
    r = server.post_gql(g.COMMIT, {"artifactID": art["id"]})
    assert r.status_code == 409 and "big.bin" in r.json()["errors"][0]["message"]
    done = server.gql(g.COMPLETE, {"completeMultipartAction": "Complete", "artifactID": art["id"],
                                   "storagePath": node["storagePath"], "uploadID": node["uploadMultipartUrls"]["uploadID"],
                                   "completedParts": [{"partNumber": i + 1, "hexMD5": e} for i, e in enumerate(etags)]})
    assert done == {"completeMultipartUploadArtifact": {"digest": hashlib.md5(data).hexdigest()}}
    assert server.gql(g.COMMIT, {"artifactID": art["id"]})["commitArtifact"]["artifact"]["versionIndex"] == 0
    q = ('query($id: ID!) { artifact(id: $id) { files { edges { node { name directUrl } } } } }')
    f = server.gql(q, {"id": art["id"]})["artifact"]["files"]["edges"][0]["node"]
    got = requests.get(f["directUrl"], timeout=30)
    assert f["name"] == "big.bin" and got.content == data
    # the same content again is already stored: no URLs at all
    _art2, node2 = _start(server, "big2", data, parts)
    assert node2["uploadUrl"] is None and node2["uploadMultipartUrls"] is None


def test_multipart_rejects_wrong_or_missing_parts(server):
    data = b"x" * 300_000 + b"y" * 300_000
    parts = _parts(data, 300_000)
    art, node = _start(server, "bad", data, parts)
    up = node["uploadMultipartUrls"]
    base = {"completeMultipartAction": "Complete", "artifactID": art["id"], "storagePath": node["storagePath"],
            "uploadID": up["uploadID"]}
    good = [{"partNumber": i + 1, "hexMD5": hashlib.md5(p).hexdigest()} for i, p in enumerate(parts)]
    # a part whose body does not match its MD5 is refused on upload
    r = requests.put(up["uploadUrlParts"][0]["uploadUrl"], data=b"corrupt", timeout=30)
    assert r.status_code == 400
    # completing without the parts stored
    r = server.post_gql(g.COMPLETE, dict(base, completedParts=good))
    assert r.status_code == 409 and "were not uploaded" in r.json()["errors"][0]["message"]
    # parts listed in another order than announced
    r = server.post_gql(g.COMPLETE, dict(base, completedParts=[dict(good[1], partNumber=1), dict(good[0], partNumber=2)]))
    assert r.status_code == 400
    r = server.post_gql(g.COMPLETE, dict(base, uploadID="nope", completedParts=good))
    assert r.status_code == 404

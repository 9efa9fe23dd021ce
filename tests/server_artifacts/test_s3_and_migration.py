"""Multipart artifact uploads on the S3-compatible blob store; upgrading a version-2 database."""

from __future__ import annotations

import hashlib

import pytest
import requests

import gqlhelp as g


class _Handle:
    def __init__(self, h):
        self.handle = h

    @property
    def url(self):
        return self.handle.url

    def auth(self, key=None):
        return ("api", key or self.handle.admin_key)

    def post_gql(self, query, variables=None, op=None, key=None):
        return requests.post(self.url + "/graphql", json={"query": query, "variables": variables or {}},
                             auth=self.auth(key), timeout=30)

    def gql(self, query, variables=None, op=None, key=None):
        r = self.post_gql(query, variables)
        assert r.status_code == 200 and "errors" not in r.json(), r.text
        return r.json()["data"]


def test_multipart_and_dedup_on_s3(tmp_path, monkeypatch):
    moto = pytest.importorskip("moto")
    boto3 = pytest.importorskip("boto3")
    from wandb.server import start_in_thread

    for k, v in {"AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test", "AWS_DEFAULT_REGION": "us-east-1"}.items():
        monkeypatch.setenv(k, v)
    for k in ("WANDB_SERVER_S3_ENDPOINT", "AWS_ENDPOINT_URL", "WANDB_SERVER_ADMIN_KEY"):
        monkeypatch.delenv(k, raising=False)
    with moto.mock_aws():
        s3 = boto3.client("s3")
        s3.create_bucket(Bucket="vireo")
        h = start_in_thread(str(tmp_path / "d"), blob_store="s3://vireo/blobs")
        try:
            srv = _Handle(h)
            data = b"0123456789" * 70_000
            parts = [data[:350_000], data[350_000:]]
            art = g.create(srv, "big", {"big.bin": data})
            mvars = {"artifactID": art["id"], "baseArtifactID": None, "name": "wandb_manifest.json", "digest": "",
                     "entityName": "admin", "projectName": "p", "runName": "", "manifestType": "FULL",
                     "includeUpload": False}
            man = srv.gql(g.MANIFEST, mvars)["createArtifactManifest"]["artifactManifest"]
            spec = [{"artifactID": art["id"], "name": "big.bin", "md5": g.b64md5(data), "artifactManifestID": man["id"],
                     "uploadPartsInput": [{"partNumber": i + 1, "hexMD5": hashlib.md5(p).hexdigest()}
                                          for i, p in enumerate(parts)]}]
            node = srv.gql(g.FILES, {"artifactFiles": spec, "storageLayout": "V2"})["createArtifactFiles"]["files"]["edges"][0]["node"]
            etags = [requests.put(u["uploadUrl"], data=p, timeout=30).headers["ETag"]
                     for u, p in zip(node["uploadMultipartUrls"]["uploadUrlParts"], parts)]
            srv.gql(g.COMPLETE, {"completeMultipartAction": "Complete", "artifactID": art["id"],
                                 "storagePath": node["storagePath"], "uploadID": node["uploadMultipartUrls"]["uploadID"],
                                 "completedParts": [{"partNumber": i + 1, "hexMD5": e} for i, e in enumerate(etags)]})
            g.put_manifest(srv, art, {"big.bin": data})
            assert srv.gql(g.COMMIT, {"artifactID": art["id"]})["commitArtifact"]["artifact"]["versionIndex"] == 0
            key = f"blobs/{hashlib.md5(data).hexdigest()}"
            assert s3.get_object(Bucket="vireo", Key=key)["Body"].read() == data
            # the part blobs are gone once joined
            left = {o["Key"] for o in s3.list_objects_v2(Bucket="vireo", Prefix="blobs/").get("Contents", [])}
            assert not any(k.endswith(hashlib.md5(p).hexdigest()) for p in parts for k in left)
        finally:
            h.stop()


def test_version_2_database_upgrades(tmp_path):
    """A database made by the previous schema (migrations 1-2) gains the new tables and keeps its rows."""
    from sqlalchemy import inspect, select, text

    from wandb.server import migrations as m
    from wandb.server import tables as t
    from wandb.server.store import Store, make_engine

    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = make_engine(url)
    saved = m.MIGRATIONS
    try:
        m.MIGRATIONS = [x for x in saved if x[0] <= 2]
        m.migrate(engine)
        # as made by the v2 code: no unique version index; one project with an artifact type
        with engine.begin() as conn:
            conn.execute(text("DROP INDEX IF EXISTS uq_artifacts_collection_version"))
            eid = conn.execute(t.entities.insert().values(name="e", is_team=True, created_at=1.0)).inserted_primary_key[0]
            pid = conn.execute(t.projects.insert().values(entity_id=eid, name="p", created_at=1.0,
                                                          updated_at=1.0)).inserted_primary_key[0]
            conn.execute(t.artifact_types.insert().values(project_id=pid, name="dataset", created_at=1.0))
        names = set(inspect(engine).get_table_names())
        assert "artifact_links" not in names and "artifacts" in names
    finally:
        m.MIGRATIONS = saved
    engine.dispose()
    store = Store(url)
    try:
        assert m.current_version(store.engine) == max(x[0] for x in m.MIGRATIONS)
        names = set(inspect(store.engine).get_table_names())
        assert {"artifact_links", "artifact_tags", "collection_tags", "registry_settings", "multipart_uploads"} <= names
        indexes = {ix["name"] for ix in inspect(store.engine).get_indexes("artifacts")}
        assert "uq_artifacts_collection_version" in indexes
        with store.ro() as conn:
            assert conn.execute(select(t.artifact_links)).all() == []
            assert conn.execute(select(t.artifact_types.c.name)).scalars().all() == ["dataset"]
    finally:
        store.close()

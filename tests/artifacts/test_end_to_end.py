"""Log with the saver to our server, fetch by id/name, download, verify (art-run + art-server parts)."""

import os

import pytest

pytest.importorskip("starlette")

import wandb  # noqa: E402


@pytest.fixture
def server(tmp_path, monkeypatch):
    monkeypatch.delenv("WANDB_SERVER_ADMIN_KEY", raising=False)
    monkeypatch.setenv("WANDB_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("WANDB_DATA_DIR", str(tmp_path / "data"))
    from wandb.server import start_in_thread

    h = start_in_thread(str(tmp_path / "srv"), port=0)
    try:
        yield h
    finally:
        h.stop()


def _clients(h):
    from wandb.apis.public._gql import GraphQLClient
    from wandb.sdk.online.gql import GQLClient

    return GQLClient(h.url, h.admin_key), GraphQLClient(h.url + "/graphql", h.admin_key)


def test_save_fetch_download_verify(server, tmp_path):
    from wandb.sdk.artifacts import artifact_saver as S
    from wandb.sdk.artifacts.artifact import Artifact

    gql, public = _clients(server)
    gql.execute("mutation U($input: UpsertBucketInput){upsertBucket(input:$input){bucket{id}}}",
                {"input": {"name": "r1", "modelName": "p"}})
    src = tmp_path / "src"
    (src / "sub").mkdir(parents=True)
    (src / "a.txt").write_bytes(b"alpha\n")
    (src / "sub" / "b.bin").write_bytes(os.urandom(200_000))
    art = wandb.Artifact("e2e", "dataset", metadata={"k": 1})
    art.add_dir(str(src))
    art.add_reference("https://example.invalid/x.csv", checksum=False)
    digest = art.digest
    art.finalize()
    out = S.save_artifact(art, client=gql, entity="admin", project="p", run_id="r1",
                          aliases=["latest", "best"])
    assert out["state"] == "COMMITTED"

    got = Artifact._from_id(out["id"], public)
    assert got is not None
    assert got.digest == digest
    assert got.version == "v0" and got.source_version == "v0"
    assert sorted(got.aliases) == ["best", "latest"]
    assert got.metadata == {"k": 1} and got.type == "dataset" and got.state == "COMMITTED"
    assert got.qualified_name == "admin/p/e2e:v0"
    assert got.manifest.to_manifest_json()["contents"].keys() == art.manifest.to_manifest_json()["contents"].keys()
    root = got.download(root=str(tmp_path / "dl"), allow_missing_references=True)
    assert (tmp_path / "dl" / "a.txt").read_bytes() == b"alpha\n"
    assert (tmp_path / "dl" / "sub" / "b.bin").read_bytes() == (src / "sub" / "b.bin").read_bytes()
    got.verify(root)
    assert got.get_entry("a.txt").path == "a.txt"
    draft = got.new_draft()
    assert draft.is_draft() and draft._base_id == got.id and draft.digest == digest
    (tmp_path / "c.txt").write_text("new")
    draft.add_file(str(tmp_path / "c.txt"))
    assert draft.digest != digest

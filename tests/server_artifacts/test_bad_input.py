"""Bad input to the artifact operations: clear errors, nothing half-done."""

from __future__ import annotations

import gqlhelp as g

LINK = """mutation L($input: LinkArtifactInput!) { linkArtifact(input: $input) { versionIndex } }"""
UPDATE = """mutation U($id: ID!, $add: [TagInput!]) { updateArtifact(input: {artifactID: $id, tagsToAdd: $add}) {
 artifact { tags { name } } } }"""
ALIAS = """mutation A($id: ID!, $aliases: [ArtifactCollectionAliasInput!]!) { addAliases(input: {artifactID: $id,
 aliases: $aliases}) { success } }"""


def _err(r) -> str:
    return r.json()["errors"][0]["message"]


def test_link_errors(server):
    v0 = g.save(server, "ds", {"a": b"1"})
    g.save(server, "other", {"b": b"2"})
    r = server.post_gql(LINK, {"input": {"artifactID": v0["id"], "artifactPortfolioName": "other",
                                         "entityName": "admin", "projectName": "p"}})
    assert r.status_code == 409 and "is an artifact sequence" in _err(r)
    r = server.post_gql(LINK, {"input": {"artifactID": v0["id"], "artifactPortfolioName": "x",
                                         "entityName": "admin", "projectName": "wandb-registry-missing"}})
    assert r.status_code == 404 and "registry 'missing' not found" in _err(r)
    r = server.post_gql(LINK, {"input": {"artifactID": v0["id"], "artifactPortfolioName": "a/b",
                                         "entityName": "admin", "projectName": "p"}})
    assert r.status_code == 400 and "artifactPortfolioName" in _err(r)
    r = server.post_gql(LINK, {"input": {"artifactID": v0["id"], "artifactPortfolioName": "port",
                                         "entityName": "admin", "projectName": "p",
                                         "aliases": [{"artifactCollectionName": "port", "alias": "v3"}]}})
    assert r.status_code == 400 and "reserved" in _err(r)
    # nothing was created by the refused requests
    q = '{ project(name: "p", entityName: "admin") { artifactCollections { edges { node { name } } } } }'
    names = [e["node"]["name"] for e in server.gql(q)["project"]["artifactCollections"]["edges"]]
    assert names == ["ds", "other"]
    # linking twice keeps one membership and its index
    ok = {"input": {"artifactID": v0["id"], "artifactPortfolioName": "port", "entityName": "admin", "projectName": "p"}}
    assert server.gql(LINK, ok)["linkArtifact"]["versionIndex"] == 0
    assert server.gql(LINK, ok)["linkArtifact"]["versionIndex"] == 0


def test_tag_and_alias_errors(server):
    v0 = g.save(server, "ds", {"a": b"1"})
    r = server.post_gql(UPDATE, {"id": v0["id"], "add": [{"tagName": "bad/tag"}]})
    assert r.status_code == 400 and "invalid tag 'bad/tag'" in _err(r)
    assert server.gql(UPDATE, {"id": v0["id"], "add": [{"tagName": "good tag"}, {"tagName": "x-1"}]}
                      )["updateArtifact"]["artifact"]["tags"] == [{"name": "good tag"}, {"name": "x-1"}]
    r = server.post_gql(ALIAS, {"id": v0["id"], "aliases": [{"alias": "ok", "artifactCollectionName": "nope",
                                                             "entityName": "admin", "projectName": "p"}]})
    assert r.status_code == 400 and "not a member of collection 'nope'" in _err(r)
    r = server.post_gql(ALIAS, {"id": v0["id"], "aliases": [{"alias": "v1", "artifactCollectionName": "ds"}]})
    assert r.status_code == 400 and "reserved" in _err(r)


def test_portfolio_name_cannot_be_logged_to(server):
    v0 = g.save(server, "ds", {"a": b"1"})
    server.gql(LINK, {"input": {"artifactID": v0["id"], "artifactPortfolioName": "port", "entityName": "admin",
                                "projectName": "p"}})
    r = server.post_gql(g.CREATE, {"input": {"entityName": "admin", "projectName": "p", "artifactTypeName": "dataset",
                                             "artifactCollectionName": "port", "digest": "abc"}})
    assert r.status_code == 409 and "is a portfolio" in _err(r)

"""Viewer, server info, features, introspection probes: the calls clients make before a run."""

from __future__ import annotations

import json


def test_anonymous_viewer_id(server):
    data = server.gql("{ viewer { id } }")
    assert isinstance(data["viewer"]["id"], str) and data["viewer"]["id"]


def test_viewer_python_and_go_shapes(server):
    q = ("query Viewer { viewer { id entity username email flags admin teams { edges { node { name } } }"
         " apiKeys { edges { node { id name description } } } } }")
    body = server.post_gql(q, None, op="Viewer", python_style=False)  # Go: variables null + operationName
    assert body.status_code == 200, body.text
    v = body.json()["data"]["viewer"]
    assert v["entity"] == "admin" and v["username"] == "admin" and v["admin"] is True
    assert json.loads(v["flags"]) == {}
    assert v["teams"]["edges"][0]["node"]["name"] == "admin"
    keys = v["apiKeys"]["edges"]
    assert len(keys) == 1 and server.key not in json.dumps(keys)  # never echoes the key itself


def test_server_info_and_features(server):
    data = server.gql(
        "query ServerFeaturesQuery { serverInfo { features { name isEnabled } } }", op="ServerFeaturesQuery")
    assert data == {"serverInfo": {"features": [
        {"name": "ARTIFACT_REGISTRY_SEARCH", "isEnabled": True},
        {"name": "INCLUDE_ARTIFACT_TYPES_IN_REGISTRY_CREATION", "isEnabled": True},
    ]}}
    data = server.gql("{ serverInfo { cliVersionInfo latestLocalVersionInfo { outOfDate latestVersionString"
                      " versionOnThisInstanceString } } }")
    assert data["serverInfo"]["cliVersionInfo"] == {"max_cli_version": "0.21.3"}
    assert data["serverInfo"]["latestLocalVersionInfo"]["outOfDate"] is False


def test_probe_server_capabilities(server):
    q = """query ProbeServerCapabilities {
        QueryType: __type(name: "Query") { ...fieldData }
        MutationType: __type(name: "Mutation") { ...fieldData }
        ServerInfoType: __type(name: "ServerInfo") { ...fieldData }
    }
    fragment fieldData on __Type { fields { name } }"""
    data = server.gql(q)
    names = lambda k: {f["name"] for f in data[k]["fields"]}  # noqa: E731
    assert {"viewer", "serverInfo", "project", "model", "models", "entity"} <= names("QueryType")
    assert {"upsertBucket", "createRunFiles", "notifyScriptableRunAlert", "stopRun", "deleteRun"} <= names("MutationType")
    assert {"cliVersionInfo", "latestLocalVersionInfo", "features"} <= names("ServerInfoType")


def test_type_and_input_probes(server):
    data = server.gql('query InputFields($typeName: String!) { TypeInfo: __type(name: $typeName) { inputFields { name } } }',
                      {"typeName": "CreateArtifactInput"}, op="InputFields")
    assert "entityName" in {f["name"] for f in data["TypeInfo"]["inputFields"]}
    data = server.gql('query ProbeRunInput { RunType: __type(name:"Run") { fields { name } } }')
    assert "projectId" in {f["name"] for f in data["RunType"]["fields"]}
    data = server.gql('{ P: __type(name:"Project") { fields { name args { name } } } }')
    fields = {f["name"]: [a["name"] for a in f["args"]] for f in data["P"]["fields"]}
    assert fields["runs"] == ["filters", "after", "before", "first", "last", "order"]


def test_org_coreweave_query_answers(server):
    data = server.gql("query OrganizationCoreWeaveOrganizationID($entityName: String!) { entity(name: $entityName)"
                      " { organization { coreWeaveOrganizationId } } }", {"entityName": ""})
    assert data == {"entity": None}
    data = server.gql("query O($entityName: String!) { entity(name: $entityName) { name organization { id } } }",
                      {"entityName": "admin"})
    assert data == {"entity": {"name": "admin", "organization": {"id": "T3JnYW5pemF0aW9uOjE="}}}


def test_undeclared_variables_are_ignored(server):
    data = server.gql("query V { viewer { username } }", {"usedAs": "x", "entity": "e"})
    assert data["viewer"]["username"] == "admin"


def test_healthz_needs_no_auth(server):
    import requests

    r = requests.get(server.url + "/healthz", timeout=10)
    import wandb

    assert r.status_code == 200
    assert r.json() == {
        "status": "ok",
        "version": wandb.__version__,
        "vireo_version": wandb.__vireo_version__,
        "protocol": "wandb-0.21.3",
    }

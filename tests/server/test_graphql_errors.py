"""Malformed GraphQL and unknown fields answer 4xx with a message."""

from __future__ import annotations

import requests


def test_malformed_documents(server):
    cases = [
        ({"query": "{ viewer { id "}, "Syntax Error"),
        ({"query": "{ viewer { nope } }"}, "Cannot query field 'nope'"),
        ({"query": "{ viewer { id } }", "variables": [1]}, "variables"),
        ({"query": 5}, "query"),
        ({"variables": {}}, "query"),
        ({"query": "query A { viewer { id } } query B { viewer { id } }"}, "operationName"),
        ({"query": "query A { viewer { id } }", "operationName": "Z"}, "operationName"),
        ({"query": "query Q($n: Int!) { viewer { id } }", "variables": {}}, "$n"),
    ]
    for body, needle in cases:
        r = requests.post(server.url + "/graphql", json=body, auth=server.auth(), timeout=10)
        assert r.status_code == 400, body
        assert needle in r.json()["errors"][0]["message"], (body, r.json())
    r = requests.post(server.url + "/graphql", data=b"not json", auth=server.auth(), timeout=10)
    assert r.status_code == 400


def test_go_document_with_operation_name_among_several(server):
    body = {"query": "query A { viewer { id } } query B { viewer { username } }", "operationName": "B",
            "variables": None}
    r = requests.post(server.url + "/graphql", json=body, auth=server.auth(), timeout=10)
    assert r.status_code == 200 and r.json() == {"data": {"viewer": {"username": "admin"}}}


def test_unknown_route_and_method(server):
    assert requests.get(server.url + "/nope", auth=server.auth(), timeout=10).status_code == 404
    assert requests.get(server.url + "/graphql", auth=server.auth(), timeout=10).status_code == 405

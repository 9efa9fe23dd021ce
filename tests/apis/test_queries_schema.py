"""Every document of the Public API slice validates against the Vireo server's schema."""

from __future__ import annotations

import pytest

from wandb.apis.public import queries


def all_documents() -> dict:
    docs = {
        name: value for name, value in vars(queries).items()
        if name.isupper() and isinstance(value, str) and not name.endswith("FRAGMENT")
    }
    docs.update({
        "Runs(projectId)": queries.runs_query(True), "Runs": queries.runs_query(False),
        "Run(projectId)": queries.run_query(True), "Run": queries.run_query(False),
        "DeleteRun(artifacts)": queries.delete_run(True), "DeleteRun": queries.delete_run(False),
        "RunFullHistory(history)": queries.run_full_history("history"),
        "RunFullHistory(events)": queries.run_full_history("events"),
    })
    return docs


def test_documents_parse_and_validate():
    graphql = pytest.importorskip("graphql")
    try:
        from wandb.server.gql_schema import build_schema
    except ImportError as e:
        pytest.skip(f"wandb.server schema not available: {e}")
    schema = build_schema()
    docs = all_documents()
    assert len(docs) >= 20
    for name, doc in docs.items():
        errors = graphql.validate(schema, graphql.parse(doc))
        assert not errors, (name, [e.message for e in errors])

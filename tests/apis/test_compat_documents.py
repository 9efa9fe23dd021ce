"""Our GraphQL documents and variables equal those of wandb 0.21.3's Public API.

The reference ``Run`` / ``Runs`` / ``Files`` / ``Projects`` run in the reference interpreter
against a recording stub client; ours run against the fake transport with the same canned
answers. Documents are compared after parsing and re-printing with the reference's own GraphQL printer
(whitespace-insensitive).
"""

from __future__ import annotations

import json

import pytest
from reftools import run_ref
from fake_transport import FakeSession, run_node

pytestmark = pytest.mark.compat

def canned() -> dict:
    node = run_node("abc123")
    return {
        "ProbeRunInput": {"RunType": {"fields": [{"name": "id"}, {"name": "projectId"}]}},
        "Run": {"project": {"run": {**node, "projectId": 3}}},
        "RunFullHistory": {"project": {"run": {"history": ['{"_step": 0, "x": 1}'],
                                               "events": ['{"system.cpu": 1.5}']}}},
        "RunSampledHistory": {"project": {"run": {"sampledHistory": [[{"_step": 0, "x": 1}]]}}},
        "RunHistoryKeys": {"project": {"run": {"historyKeys": {"lastStep": 3}}}},
        "HistoryPage": {"project": {"run": {"history": ['{"_step": 0, "x": 1}']}}},
        "SampledHistoryPage": {"project": {"run": {"sampledHistory": [[{"x": 1}]]}}},
        "RunFiles": {"project": {"internalId": "i", "run": {"fileCount": 1, "files": {
            "edges": [{"node": {"id": "F", "name": "a.txt", "url": "http://x/a", "directUrl": None,
                                "sizeBytes": 1, "mimetype": "text/plain", "updatedAt": None,
                                "md5": "m"}, "cursor": "c1"}],
            "pageInfo": {"endCursor": "c1", "hasNextPage": False}}}}},
        "UpsertBucket": {"upsertBucket": {"bucket": {**node}}},
        "DeleteRun": {"deleteRun": {"clientMutationId": None}},
        "RunState": {"project": {"run": {"state": "finished"}}},
        "Runs": {"project": {"internalId": "i", "runCount": 1, "readOnly": False, "runs": {
            "edges": [{"node": node, "cursor": "c1"}],
            "pageInfo": {"endCursor": "c1", "hasNextPage": False}}}},
        "Projects": {"models": {"edges": [{"node": {"id": "P", "name": "p", "entityName": "e",
                                                    "createdAt": None, "isBenchmark": False},
                                           "cursor": "c1"}],
                                "pageInfo": {"endCursor": "c1", "hasNextPage": False}}},
        "Project": {"project": {"id": "P", "name": "p", "entityName": "e", "createdAt": None,
                                "isBenchmark": False}},
    }


REF_SCRIPT = r'''
import json, sys
import wandb  # puts the vendored wandb_gql / wandb_graphql on sys.path
from wandb_graphql.language.printer import print_ast
from wandb.apis.public.api import Api
from wandb.apis.public.runs import Run, Runs
from wandb.apis.public.projects import Projects, Project
from wandb_gql import gql

CANNED = json.loads(sys.argv[1])
OURS = json.loads(sys.argv[2])
for call in OURS:
    call["query"] = print_ast(gql(call["query"]))
calls = []

class Stub:
    app_url = "http://x/"
    def execute(self, doc, variable_values=None, **kw):
        d = doc.definitions[0]
        op = d.name.value if d.name else "<anonymous>"
        calls.append({"op": op, "query": print_ast(doc), "variables": variable_values})
        return CANNED.get(op, {})

c = Stub()
for doc in (gql("query { viewer { id } }"), Api.VIEWER_QUERY, Api.DEFAULT_ENTITY_QUERY):
    c.execute(doc)
r = Run(c, "e", "p", "abc123")
r.history(samples=7, pandas=False)
r.history(keys=["x"], samples=9, pandas=False)
r.history(stream="system", pandas=False)
list(r.scan_history(page_size=2))
list(r.scan_history(keys=["x"], page_size=2))
list(r.files(per_page=5))
r.file("a.txt")
r.summary.update({"added": 1})
r.update()
r.delete()
r.delete(delete_artifacts=True)
r.wait_until_finished()
list(Runs(c, "e", "p", filters={"state": "finished"}, order="-created_at", per_page=2))
list(Projects(c, "e", per_page=3))
Project(c, "e", "p", {})._load()
print("@@" + json.dumps({"ref": calls, "ours": OURS}))
'''


def ours(data: dict) -> list:
    from wandb.apis.public import queries
    from wandb.apis.public._gql import GraphQLClient
    from wandb.apis.public.projects import Project, Projects
    from wandb.apis.public.runs import Run, Runs

    fake = FakeSession(handlers={op: (lambda v, op=op: data[op]) for op in data})
    fake.handlers["<anonymous>"] = lambda v: {"viewer": {"id": "x"}}
    fake.handlers["Viewer"] = lambda v: {"viewer": {"id": "x"}}
    c = GraphQLClient("http://x/graphql", "k" * 40, session=fake)
    for doc in (queries.VIEWER_ID, queries.VIEWER, queries.DEFAULT_ENTITY):
        c.execute(doc)
    r = Run(c, "e", "p", "abc123")
    r.history(samples=7, pandas=False)
    r.history(keys=["x"], samples=9, pandas=False)
    r.history(stream="system", pandas=False)
    list(r.scan_history(page_size=2))
    list(r.scan_history(keys=["x"], page_size=2))
    list(r.files(per_page=5))
    r.file("a.txt")
    r.summary.update({"added": 1})
    r.update()
    r.delete()
    r.delete(delete_artifacts=True)
    r.wait_until_finished()
    list(Runs(c, "e", "p", filters={"state": "finished"}, order="-created_at", per_page=2))
    list(Projects(c, "e", per_page=3))
    Project(c, "e", "p", {})._load()
    return [{"op": x.op, "query": x.query, "variables": x.variables} for x in fake.calls]


def by_op(calls: list) -> dict:
    out: dict = {}
    for c in calls:
        if c["op"] == "ProbeRunInput":  # the reference probes before every Run/Runs query
            out.setdefault(c["op"], [c])
            continue
        out.setdefault(c["op"], []).append(c)
    return out


def test_documents_and_variables_match_reference(tmp_path, ref_python, no_global_settings):
    data = canned()
    proc = run_ref(REF_SCRIPT, tmp_path, args=(json.dumps(data), json.dumps(ours(data))))
    line = [ln for ln in proc.stdout.splitlines() if ln.startswith("@@")][-1]
    printed = json.loads(line[2:])
    ref = by_op(printed["ref"])
    mine = by_op(printed["ours"])
    assert len(ref) == 16
    assert sorted(mine) == sorted(ref)
    for op in ref:
        ref_docs = [c["query"] for c in ref[op]]
        my_docs = [c["query"] for c in mine[op]]
        assert my_docs == ref_docs, op
        ref_vars = [c["variables"] or {} for c in ref[op]]
        my_vars = [c["variables"] or {} for c in mine[op]]
        if op == "UpsertBucket":  # JSON strings: compare decoded
            for vs in (ref_vars, my_vars):
                for v in vs:
                    for k in ("config", "summaryMetrics"):
                        if isinstance(v.get(k), str):
                            v[k] = json.loads(v[k])
        assert my_vars == ref_vars, op

"""Log a run to a W&B-compatible server at the wire level (as wandb-core does), for tests.

Speaks only the protocol (UpsertBucket, CreateRunFiles + PUT, file_stream), so Public API
tests can fill a server without any SDK in online mode.
"""

from __future__ import annotations

import json
from typing import Any, Optional

UPSERT_BUCKET = """mutation UpsertBucket($id: String, $name: String, $project: String, $entity: String, $groupName: String, $description: String, $displayName: String, $notes: String, $commit: String, $config: JSONString, $host: String, $debug: Boolean, $program: String, $repo: String, $jobType: String, $state: String, $sweep: String, $tags: [String!], $summaryMetrics: JSONString) {
  upsertBucket(input: {id: $id, name: $name, groupName: $groupName, modelName: $project, entityName: $entity, description: $description, displayName: $displayName, notes: $notes, config: $config, commit: $commit, host: $host, debug: $debug, jobProgram: $program, jobRepo: $repo, jobType: $jobType, state: $state, sweep: $sweep, tags: $tags, summaryMetrics: $summaryMetrics}) {
    bucket { id name displayName description config sweepName project { id name entity { id name } } historyLineCount }
    inserted
  }
}"""

CREATE_RUN_FILES = """mutation CreateRunFiles($entity: String!, $project: String!, $run: String!, $files: [String!]!) {
  createRunFiles(input: {entityName: $entity, projectName: $project, runName: $run, files: $files}) {
    runID uploadHeaders files { name uploadUrl }
  }
}"""


class WireRun:
    """One run logged through raw HTTP calls."""

    def __init__(self, base_url: str, api_key: str, project: str, run_id: str,
                 entity: Optional[str] = None) -> None:
        import requests

        self.base = base_url.rstrip("/")
        self.s = requests.Session()
        self.s.auth = ("api", api_key)
        self.s.headers["User-Agent"] = "wandb-core"
        self.project = project
        self.run_id = run_id
        self.entity = entity
        self.history_offset = 0
        self.events_offset = 0

    def gql(self, query: str, variables: dict) -> dict:
        op = query.split("(")[0].split()[-1]
        r = self.s.post(f"{self.base}/graphql", json={"query": query, "variables": variables,
                                                      "operationName": op}, timeout=30)
        assert r.status_code == 200, (r.status_code, r.text)
        body = r.json()
        assert not body.get("errors"), body
        return body["data"]

    def upsert(self, **fields: Any) -> dict:
        v = {"name": self.run_id, "project": self.project, "entity": self.entity}
        if "config" in fields and not isinstance(fields["config"], str):
            fields["config"] = json.dumps({k: {"value": val} for k, val in fields["config"].items()})
        v.update(fields)
        b = self.gql(UPSERT_BUCKET, v)["upsertBucket"]["bucket"]
        self.entity = b["project"]["entity"]["name"]
        self.project = b["project"]["name"]
        return b

    def upload(self, name: str, data: bytes) -> None:
        res = self.gql(CREATE_RUN_FILES, {"entity": self.entity, "project": self.project,
                                          "run": self.run_id, "files": [name]})
        files = res["createRunFiles"]["files"]
        hdrs = dict(h.split(":", 1) for h in res["createRunFiles"].get("uploadHeaders") or [])
        import requests

        r = requests.put(files[0]["uploadUrl"], data=data, headers=hdrs, timeout=30)
        assert 200 <= r.status_code < 300, (r.status_code, r.text)
        self.stream(uploaded=[name])

    def stream(self, history: Optional[list] = None, events: Optional[list] = None,
               summary: Optional[dict] = None, uploaded: Optional[list] = None,
               complete: bool = False, exitcode: int = 0) -> None:
        files: dict[str, Any] = {}
        if history:
            lines = [h if isinstance(h, str) else json.dumps(h) for h in history]
            files["wandb-history.jsonl"] = {"offset": self.history_offset, "content": lines}
            self.history_offset += len(lines)
        if events:
            lines = [json.dumps(e) for e in events]
            files["wandb-events.jsonl"] = {"offset": self.events_offset, "content": lines}
            self.events_offset += len(lines)
        if summary is not None:
            files["wandb-summary.json"] = {"offset": 0, "content": [json.dumps(summary)]}
        body: dict[str, Any] = {}
        if files:
            body["files"] = files
        if uploaded:
            body["uploaded"] = uploaded
        if complete:
            body["complete"] = True
            body["exitcode"] = exitcode
        url = f"{self.base}/files/{self.entity}/{self.project}/{self.run_id}/file_stream"
        r = self.s.post(url, data=json.dumps(body), timeout=30)
        assert 200 <= r.status_code < 300, (r.status_code, r.text)

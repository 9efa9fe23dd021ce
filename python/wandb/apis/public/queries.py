"""GraphQL documents of the Public API slice.

Operation names, variables and selections match what wandb 0.21.3's ``wandb.Api`` sends, so
that this client works against any W&B-compatible server (see the network notes, section 7).
"""

from __future__ import annotations

RUN_FRAGMENT = """fragment RunFragment on Run {
  id tags name displayName sweepName state config group jobType commit readOnly
  createdAt heartbeatAt description notes systemMetrics summaryMetrics historyLineCount
  user { name username }
  historyKeys
}"""

VIEWER_ID = "query { viewer { id } }"

DEFAULT_ENTITY = """query Viewer {
  viewer { id entity }
}"""

VIEWER = """query Viewer {
  viewer {
    id flags entity username email admin
    apiKeys { edges { node { id name description } } }
    teams { edges { node { name } } }
  }
}"""

SERVER_INFO = """query ServerInfo {
  serverInfo {
    cliVersionInfo
    latestLocalVersionInfo { outOfDate latestVersionString versionOnThisInstanceString }
  }
}"""

PROBE_RUN_INPUT = """query ProbeRunInput {
  RunType: __type(name: "Run") { fields { name } }
}"""


def runs_query(with_project_id: bool) -> str:
    """The ``Runs`` query (``projectId`` selected when the server's Run type has it)."""
    pid = "projectId " if with_project_id else ""
    return f"""query Runs($project: String!, $entity: String!, $cursor: String, $perPage: Int = 50, $order: String, $filters: JSONString) {{
  project(name: $project, entityName: $entity) {{
    internalId
    runCount(filters: $filters)
    readOnly
    runs(filters: $filters, after: $cursor, first: $perPage, order: $order) {{
      edges {{ node {{ {pid}...RunFragment }} cursor }}
      pageInfo {{ endCursor hasNextPage }}
    }}
  }}
}}
{RUN_FRAGMENT}"""


def run_query(with_project_id: bool) -> str:
    """The ``Run`` query."""
    pid = "projectId " if with_project_id else ""
    return f"""query Run($project: String!, $entity: String!, $name: String!) {{
  project(name: $project, entityName: $entity) {{
    run(name: $name) {{ {pid}...RunFragment }}
  }}
}}
{RUN_FRAGMENT}"""


RUN_STATE = """query RunState($project: String!, $entity: String!, $name: String!) {
  project(name: $project, entityName: $entity) { run(name: $name) { state } }
}"""

RUN_UPDATE = f"""mutation UpsertBucket($id: String!, $description: String, $display_name: String, $notes: String, $tags: [String!], $config: JSONString!, $groupName: String, $jobType: String) {{
  upsertBucket(input: {{id: $id, description: $description, displayName: $display_name, notes: $notes, tags: $tags, config: $config, groupName: $groupName, jobType: $jobType}}) {{
    bucket {{ ...RunFragment }}
  }}
}}
{RUN_FRAGMENT}"""

SUMMARY_UPDATE = """mutation UpsertBucket($id: String, $summaryMetrics: JSONString) {
  upsertBucket(input: {id: $id, summaryMetrics: $summaryMetrics}) { bucket { id } }
}"""

RUN_CREATE = """mutation UpsertBucket($project: String, $entity: String, $name: String!, $state: String) {
  upsertBucket(input: {modelName: $project, entityName: $entity, name: $name, state: $state}) {
    bucket { project { name entity { name } } id name }
    inserted
  }
}"""


def delete_run(delete_artifacts: bool) -> str:
    """The ``DeleteRun`` mutation (``$deleteArtifacts`` only when requested)."""
    var = ", $deleteArtifacts: Boolean" if delete_artifacts else ""
    arg = ", deleteArtifacts: $deleteArtifacts" if delete_artifacts else ""
    return f"""mutation DeleteRun($id: ID!{var}) {{
  deleteRun(input: {{id: $id{arg}}}) {{ clientMutationId }}
}}"""


RUN_SAMPLED_HISTORY = """query RunSampledHistory($project: String!, $entity: String!, $name: String!, $specs: [JSONString!]!) {
  project(name: $project, entityName: $entity) { run(name: $name) { sampledHistory(specs: $specs) } }
}"""


def run_full_history(node: str) -> str:
    """``RunFullHistory`` selecting ``history`` (metrics) or ``events`` (system metrics)."""
    return f"""query RunFullHistory($project: String!, $entity: String!, $name: String!, $samples: Int) {{
  project(name: $project, entityName: $entity) {{ run(name: $name) {{ {node}(samples: $samples) }} }}
}}"""


RUN_HISTORY_KEYS = """query RunHistoryKeys($project: String!, $entity: String!, $name: String!) {
  project(name: $project, entityName: $entity) { run(name: $name) { historyKeys } }
}"""

HISTORY_PAGE = """query HistoryPage($entity: String!, $project: String!, $run: String!, $minStep: Int64!, $maxStep: Int64!, $pageSize: Int!) {
  project(name: $project, entityName: $entity) {
    run(name: $run) { history(minStep: $minStep, maxStep: $maxStep, samples: $pageSize) }
  }
}"""

SAMPLED_HISTORY_PAGE = """query SampledHistoryPage($entity: String!, $project: String!, $run: String!, $spec: JSONString!) {
  project(name: $project, entityName: $entity) { run(name: $run) { sampledHistory(specs: [$spec]) } }
}"""

RUN_FILES = """query RunFiles($project: String!, $entity: String!, $name: String!, $fileCursor: String,
    $fileLimit: Int = 50, $fileNames: [String] = [], $upload: Boolean = false, $pattern: String) {
  project(name: $project, entityName: $entity) {
    internalId
    run(name: $name) { fileCount ...RunFilesFragment }
  }
}
fragment RunFilesFragment on Run {
  files(names: $fileNames, after: $fileCursor, first: $fileLimit, pattern: $pattern) {
    edges { node { id name url(upload: $upload) directUrl sizeBytes mimetype updatedAt md5 } cursor }
    pageInfo { endCursor hasNextPage }
  }
}"""

PROJECT_FRAGMENT = """fragment ProjectFragment on Project {
  id name entityName createdAt isBenchmark
}"""

PROJECTS = f"""query Projects($entity: String, $cursor: String, $perPage: Int = 50) {{
  models(entityName: $entity, after: $cursor, first: $perPage) {{
    edges {{ node {{ ...ProjectFragment }} cursor }}
    pageInfo {{ endCursor hasNextPage }}
  }}
}}
{PROJECT_FRAGMENT}"""

PROJECT = f"""query Project($project: String!, $entity: String!) {{
  project(name: $project, entityName: $entity) {{ ...ProjectFragment }}
}}
{PROJECT_FRAGMENT}"""

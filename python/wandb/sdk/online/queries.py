"""GraphQL documents of the SDK's control plane (W&B operation names and variables)."""

VIEWER = """query Viewer { viewer { id entity username email flags teams { edges { node { name } } } } }"""

UPSERT_BUCKET = """mutation UpsertBucket($id: String, $name: String, $project: String, $entity: String,
  $groupName: String, $description: String, $displayName: String, $notes: String, $commit: String,
  $config: JSONString, $host: String, $debug: Boolean, $program: String, $repo: String,
  $jobType: String, $state: String, $sweep: String, $tags: [String!], $summaryMetrics: JSONString) {
  upsertBucket(input: {id: $id, name: $name, groupName: $groupName, modelName: $project,
    entityName: $entity, description: $description, displayName: $displayName, notes: $notes,
    config: $config, commit: $commit, host: $host, debug: $debug, jobProgram: $program,
    jobRepo: $repo, jobType: $jobType, state: $state, sweep: $sweep, tags: $tags,
    summaryMetrics: $summaryMetrics}) {
    bucket { id name displayName description config sweepName historyLineCount
      project { id name entity { id name } } }
    inserted
  }
}"""

RUN_RESUME_STATUS = """query RunResumeStatus($project: String, $entity: String, $name: String!) {
  model(name: $project, entityName: $entity) {
    id name entity { id name }
    bucket(name: $name, missingOk: true) {
      id name summaryMetrics displayName logLineCount historyLineCount eventsLineCount
      historyTail eventsTail config tags notes wandbConfig(keys: ["t"])
    }
  }
}"""

RUN_STOPPED_STATUS = """query RunStoppedStatus($entityName: String, $projectName: String, $runId: String!) {
  project(name: $projectName, entityName: $entityName) { run(name: $runId) { stopped } }
}"""

NOTIFY_ALERT = """mutation NotifyScriptableRunAlert($entityName: String!, $projectName: String!,
  $runName: String!, $title: String!, $text: String!, $severity: AlertSeverity = INFO,
  $waitDuration: Duration) {
  notifyScriptableRunAlert(input: {entityName: $entityName, projectName: $projectName,
    runName: $runName, title: $title, text: $text, severity: $severity,
    waitDuration: $waitDuration}) { success }
}"""

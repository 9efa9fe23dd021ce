"""GraphQL documents shaped like the ones wandb 0.21.3 sends (Go core and Python)."""

UPSERT_BUCKET_GO = """mutation UpsertBucket ($id: String, $name: String, $project: String, $entity: String,
 $groupName: String, $description: String, $displayName: String, $notes: String, $commit: String,
 $config: JSONString, $host: String, $debug: Boolean, $program: String, $repo: String, $jobType: String,
 $state: String, $sweep: String, $tags: [String!], $summaryMetrics: JSONString) {
 upsertBucket(input: {id:$id,name:$name,groupName:$groupName,modelName:$project,entityName:$entity,
 description:$description,displayName:$displayName,notes:$notes,config:$config,commit:$commit,host:$host,
 debug:$debug,jobProgram:$program,jobRepo:$repo,jobType:$jobType,state:$state,sweep:$sweep,tags:$tags,
 summaryMetrics:$summaryMetrics}) {
  bucket { id name displayName description config sweepName project { id name entity { id name } } historyLineCount }
  inserted } }"""

RUN_RESUME_STATUS = """query RunResumeStatus ($project: String, $entity: String, $name: String!) {
 model(name: $project, entityName: $entity) { id name entity { id name }
  bucket(name: $name, missingOk: true) { id name summaryMetrics displayName logLineCount historyLineCount
   eventsLineCount historyTail eventsTail config tags notes wandbConfig(keys: ["t"]) } } }"""

RUN_STOPPED_STATUS = """query RunStoppedStatus ($entityName: String, $projectName: String, $runId: String!) {
 project(name: $projectName, entityName: $entityName) { run(name: $runId) { stopped } } }"""

CREATE_RUN_FILES = """mutation CreateRunFiles ($entity: String!, $project: String!, $run: String!, $files: [String!]!) {
 createRunFiles(input: {entityName:$entity,projectName:$project,runName:$run,files:$files}) {
  runID uploadHeaders files { name uploadUrl } } }"""

NOTIFY_ALERT = """mutation NotifyScriptableRunAlert ($entityName: String!, $projectName: String!, $runName: String!,
 $title: String!, $text: String!, $severity: AlertSeverity = INFO, $waitDuration: Duration) {
 notifyScriptableRunAlert(input: {entityName:$entityName,projectName:$projectName,runName:$runName,title:$title,
 text:$text,severity:$severity,waitDuration:$waitDuration}) { success } }"""

RUN_FRAGMENT = """fragment RunFragment on Run { id tags name displayName sweepName state config group jobType commit
 readOnly createdAt heartbeatAt description notes systemMetrics summaryMetrics historyLineCount
 user { name username } historyKeys }"""

RUNS = """query Runs($project: String!, $entity: String!, $cursor: String, $perPage: Int = 50, $order: String,
 $filters: JSONString) { project(name: $project, entityName: $entity) { internalId runCount(filters: $filters)
 readOnly runs(filters: $filters, after: $cursor, first: $perPage, order: $order) {
 edges { node { projectId ...RunFragment } cursor } pageInfo { endCursor hasNextPage } } } }
""" + RUN_FRAGMENT

RUN = """query Run($project: String!, $entity: String!, $name: String!) { project(name: $project, entityName: $entity)
 { run(name: $name) { projectId ...RunFragment } } }
""" + RUN_FRAGMENT

FULL_HISTORY = """query RunFullHistory($project: String!, $entity: String!, $name: String!, $samples: Int) {
 project(name: $project, entityName: $entity) { run(name: $name) { history(samples: $samples) } } }"""

EVENTS = """query RunEvents($project: String!, $entity: String!, $name: String!, $samples: Int) {
 project(name: $project, entityName: $entity) { run(name: $name) { events(samples: $samples) } } }"""

SAMPLED_HISTORY = """query RunSampledHistory($project: String!, $entity: String!, $name: String!, $specs: [JSONString!]!) {
 project(name: $project, entityName: $entity) { run(name: $name) { sampledHistory(specs: $specs) } } }"""

HISTORY_KEYS = """query RunHistoryKeys($project: String!, $entity: String!, $name: String!) {
 project(name: $project, entityName: $entity) { run(name: $name) { historyKeys } } }"""

HISTORY_PAGE = """query HistoryPage($entity: String!, $project: String!, $run: String!, $minStep: Int64!,
 $maxStep: Int64!, $pageSize: Int!) { project(name: $project, entityName: $entity) { run(name: $run) {
 history(minStep: $minStep, maxStep: $maxStep, samples: $pageSize) } } }"""

SAMPLED_HISTORY_PAGE = """query SampledHistoryPage($entity: String!, $project: String!, $run: String!, $spec: JSONString!) {
 project(name: $project, entityName: $entity) { run(name: $run) { sampledHistory(specs: [$spec]) } } }"""

RUN_FILES = """query RunFiles($project: String!, $entity: String!, $name: String!, $fileCursor: String,
 $fileLimit: Int = 50, $fileNames: [String] = [], $upload: Boolean = false, $pattern: String) {
 project(name: $project, entityName: $entity) { internalId run(name: $name) { fileCount
 files(names: $fileNames, after: $fileCursor, first: $fileLimit, pattern: $pattern) {
 edges { node { id name url(upload: $upload) directUrl sizeBytes mimetype updatedAt md5 } cursor }
 pageInfo { endCursor hasNextPage } } } } }"""

UPSERT_SUMMARY = """mutation UpsertBucket($id: String!, $summaryMetrics: JSONString) {
 upsertBucket(input: { id: $id, summaryMetrics: $summaryMetrics }) { bucket { id } } }"""

UPSERT_PUBLIC = """mutation UpsertBucket($id: String!, $description: String, $display_name: String, $notes: String,
 $tags: [String!], $config: JSONString!, $groupName: String, $jobType: String) {
 upsertBucket(input: {id: $id, description: $description, displayName: $display_name, notes: $notes, tags: $tags,
 config: $config, groupName: $groupName, jobType: $jobType}) { bucket { ...RunFragment } } }
""" + RUN_FRAGMENT

DELETE_RUN = """mutation DeleteRun($id: ID!, $deleteArtifacts: Boolean) {
 deleteRun(input: { id: $id, deleteArtifacts: $deleteArtifacts }) { clientMutationId } }"""

STOP_RUN = """mutation StopRun($id: ID!) { stopRun(input: { id: $id }) { clientMutationId success } }"""

PROJECTS = """query Projects($entity: String, $cursor: String, $perPage: Int = 50) {
 models(entityName: $entity, after: $cursor, first: $perPage) { edges { node { id name entityName createdAt
 isBenchmark } cursor } pageInfo { endCursor hasNextPage } } }"""

PROJECT = """query Project($project: String!, $entity: String!) { project(name: $project, entityName: $entity) {
 id name entityName createdAt isBenchmark } }"""

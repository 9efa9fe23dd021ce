//! Run file uploads: GraphQL `CreateRunFiles` for upload URLs, then a `PUT` of each file's
//! bytes (no auth, the returned `uploadHeaders` only).

use std::path::Path;

use super::http::{Attempt, Client};

const CREATE_RUN_FILES: &str = "mutation CreateRunFiles($entity: String!, $project: String!, $run: String!, \
$files: [String!]!) { createRunFiles(input: {entityName: $entity, projectName: $project, runName: $run, \
files: $files}) { runID uploadHeaders files { name uploadUrl } } }";

/// Upload targets and the headers to send with each PUT.
pub type Targets = (Vec<Target>, Vec<(String, String)>);

/// Upload URL of one file (`None` = the server says skip it).
#[derive(Debug, PartialEq)]
pub struct Target {
    /// Run-relative name.
    pub name: String,
    /// Where to PUT.
    pub url: Option<String>,
}

/// The GraphQL request body of CreateRunFiles.
pub fn create_run_files_body(entity: &str, project: &str, run: &str, files: &[String]) -> String {
    serde_json::json!({
        "query": CREATE_RUN_FILES,
        "operationName": "CreateRunFiles",
        "variables": {"entity": entity, "project": project, "run": run, "files": files},
    })
    .to_string()
}

/// Parse a CreateRunFiles response: targets and headers ("Name:Value" strings).
pub fn parse_create_run_files(body: &str) -> Result<Targets, String> {
    let v: serde_json::Value = serde_json::from_str(body).map_err(|e| format!("bad JSON from server: {e}"))?;
    if let Some(errs) = v.get("errors").and_then(|e| e.as_array()).filter(|a| !a.is_empty()) {
        return Err(format!("CreateRunFiles failed: {}", errs[0]));
    }
    let crf = &v["data"]["createRunFiles"];
    let mut targets = Vec::new();
    for f in crf["files"].as_array().into_iter().flatten() {
        targets.push(Target {
            name: f["name"].as_str().unwrap_or_default().to_string(),
            url: f["uploadUrl"].as_str().map(String::from),
        });
    }
    let mut headers = Vec::new();
    for h in crf["uploadHeaders"].as_array().into_iter().flatten() {
        if let Some((k, val)) = h.as_str().and_then(|s| s.split_once(':')) {
            headers.push((k.trim().to_string(), val.trim().to_string()));
        }
    }
    Ok((targets, headers))
}

/// Request URLs for `names` (one attempt; the caller retries).
pub fn request_urls(client: &Client, entity: &str, project: &str, run: &str, names: &[String]) -> Attempt {
    let url = format!("{}/graphql", client.base);
    client.post_json(&url, &create_run_files_body(entity, project, run, names))
}

/// PUT one file (one attempt). A file that vanished is a fatal error for that file.
pub fn put_file(client: &Client, url: &str, path: &Path, headers: &[(String, String)]) -> Attempt {
    match std::fs::read(path) {
        Ok(data) => client.put(url, &data, headers),
        Err(e) => Attempt::Fatal(format!("cannot read {}: {e}", path.display())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_targets_and_headers() {
        let body = r#"{"data":{"createRunFiles":{"runID":"x","uploadHeaders":["X-A:1","Content-Type: text/plain"],
            "files":[{"name":"a.txt","uploadUrl":"http://h/u/1"},{"name":"b","uploadUrl":null}]}}}"#;
        let (t, h) = parse_create_run_files(body).unwrap();
        assert_eq!(t[0], Target { name: "a.txt".into(), url: Some("http://h/u/1".into()) });
        assert_eq!(t[1].url, None);
        assert_eq!(h, vec![("X-A".into(), "1".into()), ("Content-Type".into(), "text/plain".into())]);
        assert!(parse_create_run_files(r#"{"errors":[{"message":"no"}]}"#).is_err());
    }

    #[test]
    fn body_has_variables() {
        let b = create_run_files_body("e", "p", "r", &["x".into()]);
        let v: serde_json::Value = serde_json::from_str(&b).unwrap();
        assert_eq!(v["variables"]["files"][0], "x");
        assert_eq!(v["operationName"], "CreateRunFiles");
    }
}

"""A loopback HTTP server serving a directory (with ETags) and a fake GraphQL client."""

import hashlib
import http.server
import os
import threading


class FileServer:
    def __init__(self, root):
        self.root = root
        self.requests = []
        outer = self

        class H(http.server.BaseHTTPRequestHandler):
            def log_message(self, *a):
                pass

            def _body(self):
                path = os.path.join(outer.root, self.path.lstrip("/").split("?")[0])
                if not os.path.isfile(path):
                    return None
                with open(path, "rb") as f:
                    return f.read()

            def do_HEAD(self):
                self.do_GET(head=True)

            def do_GET(self, head=False):
                outer.requests.append(self.path)
                body = self._body()
                if body is None:
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("ETag", '"' + hashlib.md5(body).hexdigest() + '"')
                self.end_headers()
                if not head:
                    self.wfile.write(body)

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
        self.port = self.httpd.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


class FakeClient:
    """Answers the ArtifactFileUrls query from a dict name -> URL."""

    def __init__(self, urls):
        self.urls = urls
        self.base_url = "http://127.0.0.1:1"
        self.app_url = "http://127.0.0.1:1/"
        self.auth = None
        self.headers = {}
        self.queries = []

    def execute(self, doc, variables=None, timeout=None):
        self.queries.append((doc, variables))
        if "ArtifactFileUrls" in doc:
            names = variables.get("names")
            edges = [{"node": {"name": n, "directUrl": u}, "cursor": n}
                     for n, u in self.urls.items() if names is None or n in names]
            return {"artifact": {"files": {"edges": edges,
                                           "pageInfo": {"hasNextPage": False, "endCursor": None}}}}
        raise AssertionError(f"unexpected query {doc[:60]}")


def logged_artifact(art, client, entity="ent", project="proj", version=0):
    """Turn a draft into what a logged artifact looks like (no server involved)."""
    art._client = client
    art._assign_attrs({
        "id": "QXJ0aWZhY3Q6MQ==",
        "artifactSequence": {"name": art.name, "project": {"entityName": entity, "name": project}},
        "versionIndex": version,
        "artifactType": {"name": art.type},
        "description": None, "metadata": "{}", "ttlDurationSeconds": None, "ttlIsInherited": True,
        "tags": [], "historyStep": None, "state": "COMMITTED", "currentManifest": None,
        "commitHash": "abc", "fileCount": len(art.manifest.entries), "createdAt": "2026-01-01T00:00:00",
        "updatedAt": None,
        "aliases": [{"alias": "latest", "artifactCollection": {
            "__typename": "ArtifactSequence", "name": art.name,
            "project": {"entityName": entity, "name": project}}}],
    })
    art.finalize()
    return art

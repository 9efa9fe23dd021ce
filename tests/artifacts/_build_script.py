"""One script, run by wandb 0.21.3 and by ours, that builds artifacts and prints their manifests."""

SCRIPT = r'''
import json, os, sys
import wandb

data = sys.argv[1]
out = {}

a = wandb.Artifact("ds-1", "dataset", description="d", metadata={"k": [1, 2], "n": None})
a.add_dir(os.path.join(data, "tree"))
a.add_dir(os.path.join(data, "tree"), name="again/prefix", policy="immutable")
a.add_file(os.path.join(data, "single.bin"))
a.add_file(os.path.join(data, "single.bin"), name="renamed/x.bin", policy="immutable")
a.add_file(os.path.join(data, "tmpfile.data.txt"), is_tmp=True)
with a.new_file("made/new.txt") as f:
    f.write("written through new_file\n")
a.add_reference("file://" + os.path.join(data, "tree"), name="refs/tree")
a.add_reference("file://" + os.path.join(data, "single.bin"), name="refs/nock", checksum=False)
a.add_reference("https://example.invalid/some/file.csv", checksum=False)
a.add_reference("weird://thing/x", name="tracked", checksum=False)
out["a"] = {"manifest": a.manifest.to_manifest_json(), "digest": a.digest, "size": a.size,
            "state": a.state, "name": a.name, "type": a.type, "draft": a.is_draft(),
            "metadata": a.metadata, "description": a.description,
            "local": a.get_added_local_path_name(os.path.join(data, "single.bin"))}

b = wandb.Artifact("ds-2", "model")
b.add_dir(os.path.join(data, "tree"))
b.remove("sub")
b.add_file(os.path.join(data, "single.bin"), name="sub/replaced.bin")
b.add_file(os.path.join(data, "tree", "a.txt"), name="sub/replaced.bin", overwrite=True)
out["b"] = {"manifest": b.manifest.to_manifest_json(), "digest": b.digest}

import http.server, threading
class H(http.server.SimpleHTTPRequestHandler):
    def end_headers(self):
        self.send_header("ETag", '"etag-' + self.path.strip("/").replace("/", "-") + '"')
        super().end_headers()
    def log_message(self, *a):
        pass
def handler(*a, **k):
    return H(*a, directory=data, **k)
srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
threading.Thread(target=srv.serve_forever, daemon=True).start()
base = "http://127.0.0.1:%d" % srv.server_address[1]
h = wandb.Artifact("http-refs", "dataset")
h.add_reference(base + "/single.bin")
h.add_reference(base + "/tree/a.txt", name="named/a.txt")
h.add_reference(base + "/tree/sub/b.bin", name="nock", checksum=False)
out["http"] = json.loads(json.dumps({"manifest": h.manifest.to_manifest_json(), "digest": h.digest}).replace(base, "BASE"))
srv.shutdown()

e = wandb.Artifact("empty", "dataset")
out["empty"] = {"manifest": e.manifest.to_manifest_json(), "digest": e.digest}
print("JSON" + json.dumps(out, sort_keys=True))
'''


def make_tree(root):
    """Files with assorted sizes and names (the same bytes every time)."""
    import os

    tree = os.path.join(root, "tree")
    os.makedirs(os.path.join(tree, "sub", "deeper"), exist_ok=True)
    os.makedirs(os.path.join(tree, "ünï cødé"), exist_ok=True)
    files = {
        "a.txt": b"hello\n",
        "empty.dat": b"",
        "sub/b.bin": bytes(range(256)) * 17,
        "sub/deeper/c.json": b'{"x": 1}',
        "ünï cødé/d e.txt": "ü".encode() * 1000,
        "big.bin": os.urandom(0) + (b"0123456789abcdef" * 200_000),
    }
    for rel, data in files.items():
        with open(os.path.join(tree, rel), "wb") as f:
            f.write(data)
    with open(os.path.join(root, "single.bin"), "wb") as f:
        f.write(b"\x00\x01" * 5000)
    with open(os.path.join(root, "tmpfile.data.txt"), "w") as f:
        f.write("temporary\n")
    return tree

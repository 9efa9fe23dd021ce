"""Manifests and digests equal what wandb 0.21.3 computes for the same files."""

import json
import os
import subprocess
import sys

from _build_script import SCRIPT, make_tree
from reftools import run_ref


def _parse(stdout: str) -> dict:
    for line in stdout.splitlines():
        if line.startswith("JSON"):
            return json.loads(line[4:])
    raise AssertionError(f"no JSON line in output:\n{stdout}")


def _ours(data: str, cwd: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WANDB_")}
    env.update({"WANDB_MODE": "offline", "HOME": os.path.join(cwd, ".home"),
                "WANDB_CACHE_DIR": os.path.join(cwd, ".cache"),
                "WANDB_DATA_DIR": os.path.join(cwd, ".data")})
    proc = subprocess.run([sys.executable, "-c", SCRIPT, data], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return _parse(proc.stdout)


def test_manifest_and_digest_match_reference(tmp_path, ref_python):
    data = tmp_path / "data"
    make_tree(str(data))
    ref = _parse(run_ref(SCRIPT, tmp_path / "ref", args=(str(data),)).stdout)
    (tmp_path / "ours").mkdir()
    ours = _ours(str(data), str(tmp_path / "ours"))
    for key in ("a", "b", "empty", "http"):
        if key == "http":
            # the digest covers the URL (ports differ): compare the manifests only
            assert ours[key]["manifest"] == ref[key]["manifest"]
            continue
        assert ours[key]["manifest"] == ref[key]["manifest"], key
        assert ours[key]["digest"] == ref[key]["digest"], key
    assert ours["a"] == ref["a"]


def test_manifest_values_without_reference(tmp_path):
    """Known values (computed by wandb 0.21.3 once) so the check runs without the reference."""
    import wandb

    d = tmp_path / "d"
    (d / "sub").mkdir(parents=True)
    (d / "a.txt").write_text("hello\n")
    (d / "sub" / "b.bin").write_bytes(b"xyz")
    art = wandb.Artifact("my-ds", "dataset")
    art.add_dir(str(d))
    art.add_file(str(d / "a.txt"), name="x/a2.txt", policy="immutable")
    art.add_reference("https://example.com/x", checksum=False)
    m = art.manifest.to_manifest_json()
    assert m == {
        "version": 1,
        "storagePolicy": "wandb-storage-policy-v1",
        "storagePolicyConfig": {"storageLayout": "V2"},
        "contents": {
            "a.txt": {"digest": "sZRqySSS0jR8YjW00mERhA==", "size": 6},
            "sub/b.bin": {"digest": "0W+zbwkR+HiZjBNhka9wXg==", "size": 3},
            "x": {"digest": "https://example.com/x", "ref": "https://example.com/x"},
            "x/a2.txt": {"digest": "sZRqySSS0jR8YjW00mERhA==", "size": 6},
        },
    }
    assert list(m["contents"]) == sorted(m["contents"])

"""Helpers for media tests: run a script with our wandb and with wandb 0.21.3, then read
the runs back (history rows, explicit summary items, published files, class labels) with
media file hashes replaced by content tokens, so PNGs encoded by different encoders compare
by their decoded pixels while everything else in the descriptors compares exactly."""

from __future__ import annotations

import glob
import hashlib
import json
import os
import re
import sys
from pathlib import Path
from typing import Any

from reftools import run_ref

_HASH_RE = re.compile(r"_([0-9a-f]{20})(\.[A-Za-z0-9.]+)$")


def run_ours(script: str, cwd: Path) -> Any:
    """Run ``script`` with our wandb (offline, isolated like the reference run)."""
    return run_ref(script, cwd, python=sys.executable, env={"WANDB_VIREO_EMBEDDED": "false"})


def run_dir(cwd: Path) -> Path:
    dirs = sorted(glob.glob(str(cwd / "wandb" / "offline-run-*")))
    assert dirs, f"no run directory under {cwd}"
    return Path(dirs[-1])


def _records(rdir: Path) -> list[dict]:
    from wandb import _core

    path = glob.glob(str(rdir / "run-*.wandb"))[0]
    return [json.loads(text) for _off, text in _core.read_records(path)]


def _token(path: Path) -> str:
    """Content identity of a media file: decoded pixels for png, raw bytes otherwise."""
    name = path.name
    if name.endswith(".png"):
        from PIL import Image

        with Image.open(path) as im:
            im.load()
            return "png:" + hashlib.sha256(
                f"{im.mode}{im.size}".encode() + im.tobytes()
            ).hexdigest()[:16]
    if name.endswith((".jpg", ".jpeg")):
        from PIL import Image

        with Image.open(path) as im:
            return f"jpg:{im.mode}{im.size}"
    if name.endswith(".gif"):
        import numpy as np
        from PIL import Image, ImageSequence

        with Image.open(path) as im:
            frames = [np.asarray(f.convert("RGB")) for f in ImageSequence.Iterator(im)]
            return "gif:" + hashlib.sha256(b"".join(f.tobytes() for f in frames)).hexdigest()[:16] + f":{len(frames)}"
    if name.endswith((".mp4", ".webm", ".ogg")):
        return "video:" + name.rsplit(".", 1)[-1]
    return "raw:" + hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def _is_reencoded(path: str) -> bool:
    return path.endswith((".png", ".jpg", ".jpeg", ".gif", ".mp4", ".webm", ".ogg"))


class _Normalizer:
    def __init__(self, files_dir: Path) -> None:
        self.files_dir = files_dir
        self.by_hash: dict[str, str] = {}

    def path(self, p: str) -> str:
        m = _HASH_RE.search(p)
        if not m:
            return p
        tok = _token(self.files_dir / p)
        self.by_hash[m.group(1)] = tok
        return p[: m.start()] + "_<" + tok + ">" + m.group(2)

    def walk(self, v: Any) -> Any:
        if isinstance(v, dict):
            out = {k: self.walk(x) for k, x in v.items()}
            if isinstance(v.get("path"), str) and "sha256" in v:
                out["path"] = self.path(v["path"])
                tok = self.by_hash.get(v["sha256"][:20])
                if tok is None:
                    tok = _token(self.files_dir / v["path"])
                out["sha256"] = "<" + tok + ">"
                if _is_reencoded(v["path"]) and "size" in v:
                    out["size"] = "<size>"
            if isinstance(v.get("filenames"), list):
                out["filenames"] = [self.path(p) if isinstance(p, str) else p for p in v["filenames"]]
            return out
        if isinstance(v, list):
            return [self.walk(x) for x in v]
        return v


def load_run(cwd: Path) -> dict:
    """History rows, explicit summary values, published media files and ``_wandb`` class labels."""
    rdir = run_dir(cwd)
    norm = _Normalizer(rdir / "files")
    out: dict = {"history": [], "summary": {}, "files": [], "class_labels": {}}
    for r in _records(rdir):
        if "history" in r:
            row: dict = {}
            for it in r["history"]["item"]:
                path = it.get("nested_key") or [it["key"]]
                cur = row
                for p in path[:-1]:
                    cur = cur.setdefault(p, {})
                cur[path[-1]] = json.loads(it["value_json"].replace("NaN", "null"))
            for k in ("_timestamp", "_runtime"):
                row.pop(k, None)
            out["history"].append(norm.walk(row))
        elif "summary" in r:
            for it in r["summary"].get("update", []):
                if it.get("key") and it["key"] not in ("_wandb", "_runtime"):
                    out["summary"][it["key"]] = norm.walk(json.loads(it["value_json"]))
        elif "files" in r:
            for f in r["files"]["files"]:
                if f["path"].startswith("media/"):
                    out["files"].append((norm.path(f["path"]), f.get("type", 0)))
        elif "config" in r:
            for it in r["config"].get("update", []):
                if it["key"] == "_wandb":
                    v = json.loads(it["value_json"])
                    out["class_labels"] = {k: v[k] for k in v if k.endswith("class_labels")}
    out["media_on_disk"] = sorted(
        norm.path(os.path.relpath(p, rdir / "files"))
        for p in glob.glob(str(rdir / "files" / "media" / "**" / "*"), recursive=True)
        if os.path.isfile(p)
    )
    return out


def compare_with_reference(script: str, tmp_path: Path) -> tuple[dict, dict]:
    """Run ``script`` with both clients; return (reference run, our run), normalized."""
    ref_cwd, our_cwd = tmp_path / "ref", tmp_path / "ours"
    run_ref(script, ref_cwd)
    run_ours(script, our_cwd)
    return load_run(ref_cwd), load_run(our_cwd)


def assert_same_runs(ref: dict, ours: dict) -> None:
    for key in ("history", "summary", "files", "class_labels", "media_on_disk"):
        assert ours[key] == ref[key], f"{key} differs:\nref:  {json.dumps(ref[key], indent=1)[:4000]}\nours: {json.dumps(ours[key], indent=1)[:4000]}"

"""``wandb artifact put|get|ls|cache cleanup`` against our server."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from wandb.cli.artifact_cmds import artifact_group, from_human_size, to_human_size

from artrun_helpers import lookup, manifest_of


def test_human_sizes():
    assert from_human_size("10") == 10 and from_human_size("10B") == 10
    assert from_human_size("1.5 GB") == 1_500_000_000 and from_human_size("2kb") == 2000
    assert to_human_size(999) == "999.0B" and to_human_size(1_500_000) == "1.5MB"
    with pytest.raises(ValueError, match="size must be"):
        from_human_size("lots")


def test_put_get_ls(online_env, server):
    from click.testing import CliRunner

    Path("ds").mkdir()
    Path("ds/a.txt").write_text("alpha")
    Path("ds/b/c.txt").parent.mkdir()
    Path("ds/b/c.txt").write_text("gamma")
    runner = CliRunner()
    res = runner.invoke(artifact_group(), ["put", "ds", "--name", "p/mydata", "--type", "dataset", "-a", "v-one"],
                        catch_exceptions=False)
    assert res.exit_code == 0, res.output
    attrs = lookup(server, "mydata:v-one")
    assert attrs is not None and attrs["artifactType"]["name"] == "dataset"
    assert sorted(manifest_of(attrs)["contents"]) == ["a.txt", "b/c.txt"]

    res = runner.invoke(artifact_group(), ["get", "admin/p/mydata:v-one", "--root", "out"], catch_exceptions=False)
    assert res.exit_code == 0, res.output
    assert Path("out/a.txt").read_text() == "alpha" and Path("out/b/c.txt").read_text() == "gamma"

    res = runner.invoke(artifact_group(), ["get", "admin/p/nope:latest", "--root", "out2"])
    assert res.exit_code != 0

    res = runner.invoke(artifact_group(), ["ls", "admin/p"], catch_exceptions=False)
    assert res.exit_code == 0, res.output


def test_cache_cleanup(online_env, server):
    from click.testing import CliRunner

    from wandb.sdk.artifacts.artifact_file_cache import get_artifact_file_cache

    cache = get_artifact_file_cache()
    import base64
    import hashlib

    data = b"x" * 1000
    path, hit, opener = cache.check_md5_obj_path(base64.b64encode(hashlib.md5(data).digest()).decode(), len(data))
    assert not hit
    with opener("wb") as f:
        f.write(data)
    assert cache.size() == 1000
    res = CliRunner().invoke(artifact_group(), ["cache", "cleanup", "0"], catch_exceptions=False)
    assert res.exit_code == 0, res.output
    assert cache.size() == 0 and not os.path.exists(path)

"""``wandb artifact put|get|ls`` and ``wandb artifact cache cleanup``.

Register with ``from wandb.cli.artifact_cmds import artifact_group; cli.add_command(artifact_group())``
(``click`` is imported only when the group is built).
"""

from __future__ import annotations

import os
import re
import sys
from typing import Any

from wandb.sdk.artifacts._paths import parse_artifact_path

_UNITS_10 = [("B", 1), ("KB", 10**3), ("MB", 10**6), ("GB", 10**9), ("TB", 10**12), ("PB", 10**15),
             ("EB", 10**18)]


def from_human_size(size: str) -> int:
    """``"10"``, ``"10B"``, ``"1.5 GB"`` -> bytes (powers of 10, as wandb)."""
    units = {u.upper(): v for u, v in _UNITS_10}
    m = re.match(r"(\d+\.?\d*)\s*(" + "|".join(units) + r")?", size.strip(), re.IGNORECASE)
    if not m:
        raise ValueError("size must be of the form `10`, `10B` or `10 B`.")
    return int(float(m.group(1)) * (units[m.group(2).upper()] if m.group(2) else 1))


def to_human_size(size: int) -> str:
    """Bytes -> ``"1.5GB"`` (one decimal, the largest unit under 1024 of it)."""
    for i, (unit, value) in enumerate(_UNITS_10):
        factor = round(float(size) / value, 1)
        if factor < 1024 or i == len(_UNITS_10) - 1:
            return f"{factor}{unit}"
    return f"{size}B"  # pragma: no cover


def _api() -> Any:
    from wandb.apis.public import Api

    return Api()


def artifact_group() -> Any:
    """The click group ``artifact`` with its commands."""
    import click

    import wandb

    ctx_settings = {"help_option_names": ["-h", "--help"]}

    def fail(msg: str) -> None:
        raise click.ClickException(msg)

    @click.group(help="Commands for interacting with artifacts")
    def artifact() -> None:
        pass

    @artifact.command(context_settings=ctx_settings, help="Upload an artifact to wandb")
    @click.argument("path")
    @click.option("--name", "-n", help="The name of the artifact to push: project/artifact_name")
    @click.option("--description", "-d", help="A description of this artifact")
    @click.option("--type", "-t", "type_", default="dataset", help="The type of the artifact")
    @click.option("--alias", "-a", default=["latest"], multiple=True, help="An alias to apply to this artifact")
    @click.option("--id", "run_id", help="The run you want to upload to.")
    @click.option("--resume", is_flag=True, default=None, help="Resume the last run from your current directory.")
    @click.option("--skip_cache", is_flag=True, default=False, help="Skip caching while uploading artifact files.")
    @click.option("--policy", default="mutable", type=click.Choice(["mutable", "immutable"]),
                  help="Set the storage policy while uploading artifact files.")
    def put(path: str, name: str | None, description: str | None, type_: str, alias: tuple, run_id: str | None,
            resume: bool | None, skip_cache: bool, policy: str) -> None:
        if name is None:
            name = os.path.basename(os.path.normpath(path))
        api = _api()
        entity, project, artifact_name = parse_artifact_path(
            name, api.settings.get("entity") or api.default_entity, api.settings.get("project"))
        if project is None:
            project = click.prompt("Enter the name of the project you want to use")
        art = wandb.Artifact(name=artifact_name, type=type_, description=description)
        artifact_path = f"{entity}/{project}/{artifact_name}:{alias[0]}"
        if os.path.isdir(path):
            wandb.termlog(f'Uploading directory {path} to: "{artifact_path}" ({type_})')
            art.add_dir(path, skip_cache=skip_cache, policy=policy)
        elif os.path.isfile(path):
            wandb.termlog(f'Uploading file {path} to: "{artifact_path}" ({type_})')
            art.add_file(path, skip_cache=skip_cache, policy=policy)
        elif "://" in path:
            wandb.termlog(f'Logging reference artifact from {path} to: "{artifact_path}" ({type_})')
            art.add_reference(path)
        else:
            fail("Path argument must be a file or directory")
        with wandb.init(entity=entity, project=project, config={"path": path}, job_type="cli_put", id=run_id,
                        resume=resume) as run:
            run.log_artifact(art, aliases=list(alias))
            art.wait()
        wandb.termlog("Artifact uploaded, use this artifact in a run by adding:\n", prefix=False)
        wandb.termlog(f'    artifact = run.use_artifact("{art.source_qualified_name}")\n', prefix=False)

    @artifact.command(context_settings=ctx_settings, help="Download an artifact from wandb")
    @click.argument("path")
    @click.option("--root", help="The directory you want to download the artifact to")
    @click.option("--type", "type_", help="The type of artifact you are downloading")
    def get(path: str, root: str | None, type_: str | None) -> None:
        api = _api()
        entity, project, artifact_name = parse_artifact_path(
            path, api.settings.get("entity") or api.default_entity, api.settings.get("project"))
        if project is None:
            project = click.prompt("Enter the name of the project you want to use")
        name, _, version = artifact_name.partition(":")
        version = version or "latest"
        full_path = f"{entity}/{project}/{name}:{version}"
        wandb.termlog(f"Downloading {type_ or 'dataset'} artifact {full_path}")
        try:
            art = api.artifact(full_path, type=type_)
            out = art.download(root=root)
        except ValueError:
            fail("Unable to download artifact")
            return
        wandb.termlog(f"Artifact downloaded to {out}")

    @artifact.command(context_settings=ctx_settings, help="List all artifacts in a wandb project")
    @click.argument("path")
    @click.option("--type", "-t", "type_", help="The type of artifacts to list")
    def ls(path: str, type_: str | None) -> None:
        api = _api()
        types = [api.artifact_type(type_, path)] if type_ is not None else api.artifact_types(path)
        for kind in types:
            for collection in kind.collections():
                coll_path = "/".join([kind.entity, kind.project, collection.name])
                lister = getattr(api, "artifacts", None) or api.artifact_versions
                versions = lister(kind.type, coll_path, per_page=1)
                latest = next(iter(versions), None)
                if latest is None:
                    continue
                updated = str(latest.updated_at or "")
                wandb.termlog(f"{kind.type:<15s}{updated:<15s}{to_human_size(latest.size):>15s} {latest.name:<20s}")

    @artifact.group(help="Commands for interacting with the artifact cache")
    def cache() -> None:
        pass

    @cache.command(context_settings=ctx_settings, help="Clean up less frequently used files from the artifacts cache")
    @click.argument("target_size")
    @click.option("--remove-temp/--no-remove-temp", default=False, help="Remove temp files")
    def cleanup(target_size: str, remove_temp: bool) -> None:
        from wandb.sdk.artifacts.artifact_file_cache import get_artifact_file_cache

        try:
            size = from_human_size(target_size)
        except ValueError as e:
            fail(str(e))
            return
        reclaimed = get_artifact_file_cache().cleanup(size, remove_temp)
        wandb.termlog(f"Reclaimed {to_human_size(reclaimed)} of space")

    return artifact


def main(argv: list[str] | None = None) -> Any:  # pragma: no cover - manual use
    return artifact_group().main(args=argv if argv is not None else sys.argv[1:], prog_name="wandb artifact")


__all__ = ["artifact_group", "from_human_size", "to_human_size", "parse_artifact_path"]

"""Record JSON (``wandb_internal.Record`` in the JSON form of docs/dev/core-api.md) built by Run.

Client-published records carry ``control.connection_id`` and ``_info.stream_id`` like wandb's
(notes §1.2); records wandb-core generates itself (environment, requirements files) carry none.
"""

from __future__ import annotations

import json
import os
import sys
import time
from typing import Any, Iterable

CONNECTION_ID = "1(@)"
MIN_CONSUMER = "0.40.0"

#: FilesItem.PolicyType / FileType (notes §2.6)
FILE_POLICY = {"now": 0, "end": 1, "live": 2}
FILE_TYPE_WANDB = 1
#: OutputRawRecord.output_type
STDERR, STDOUT = 0, 1

_ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789"


def random_id(length: int) -> str:
    """Random ``[a-z0-9]`` identifier (mailbox slots, writer ids)."""
    out = []
    while len(out) < length:
        for b in os.urandom(length * 2):
            if b < 252:  # 252 = 7 * 36: keeps the choice uniform
                out.append(_ALNUM[b % 36])
    return "".join(out[:length])


def timestamp(t: float | None = None) -> dict[str, int]:
    """``google.protobuf.Timestamp`` JSON for unix seconds ``t`` (default: now)."""
    if t is None:
        t = time.time()
    seconds = int(t)
    return {"seconds": seconds, "nanos": int(round((t - seconds) * 1e9)) % 1_000_000_000}


def dumps(record: dict[str, Any]) -> str:
    """Compact JSON text handed to ``Stream.write``."""
    return json.dumps(record, separators=(",", ":"), allow_nan=True)


def published(run_id: str, body: dict[str, Any], **control: Any) -> dict[str, Any]:
    """Wrap a client-published record body with its ``control`` and ``_info``."""
    return {**body, "control": {**control, "connection_id": CONNECTION_ID}, "_info": {"stream_id": run_id}}


def header(run_id: str, producer: str) -> dict[str, Any]:
    return published(
        run_id, {"header": {"version_info": {"producer": producer, "min_consumer": MIN_CONSUMER}}}
    )


def config_items(items: Iterable[tuple[str, str]]) -> list[dict[str, str]]:
    return [{"key": k, "value_json": v} for k, v in items]


def config_record(run_id: str, update: list[tuple[str, str]], remove: list[str]) -> dict[str, Any]:
    body: dict[str, Any] = {}
    if update:
        body["update"] = config_items(update)
    if remove:
        body["remove"] = [{"key": k} for k in remove]
    return published(run_id, {"config": body})


def run_record(
    run_id: str,
    *,
    project: str | None,
    entity: str | None,
    config: list[tuple[str, str]],
    group: str | None,
    job_type: str | None,
    display_name: str | None,
    notes: str | None,
    tags: Iterable[str] | None,
    host: str | None,
    start_time: float,
    telemetry: dict[str, Any],
    sweep_id: str | None = None,
    starting_step: int = 0,
    resumed: bool = False,
    git: dict[str, str] | None = None,
    branch_point: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """RunRecord as wandb sends it at init and after ``run.name``/``tags``/``notes`` changes."""
    body: dict[str, Any] = {"run_id": run_id}
    optional = {
        "entity": entity,
        "project": project,
        "run_group": group,
        "job_type": job_type,
        "display_name": display_name,
        "notes": notes,
        "sweep_id": sweep_id,
        "host": host,
    }
    body.update({k: v for k, v in optional.items() if v})
    body["config"] = {"update": config_items(config)}
    if tags:
        body["tags"] = list(tags)
    if starting_step:
        body["starting_step"] = int(starting_step)
    body["start_time"] = timestamp(start_time)
    if resumed:
        body["resumed"] = True
    body["telemetry"] = telemetry
    if branch_point:
        body["branch_point"] = branch_point
    if git:
        body["git"] = git
    ordered = {k: body[k] for k in _RUN_FIELD_ORDER if k in body}
    return published(run_id, {"run": ordered}, mailbox_slot=random_id(12))


_RUN_FIELD_ORDER = (
    "run_id", "entity", "project", "config", "run_group", "job_type", "display_name", "notes",
    "tags", "sweep_id", "host", "starting_step", "start_time", "resumed", "telemetry", "git",
    "branch_point",
)


def telemetry_record(run_id: str, telemetry: dict[str, Any]) -> dict[str, Any]:
    return published(run_id, {"telemetry": telemetry})


def files_record(run_id: str, paths: Iterable[str], policy: str) -> dict[str, Any]:
    """FilesRecord for ``run.save``: paths relative to ``files/``, '/'-separated."""
    items = []
    for p in paths:
        item: dict[str, Any] = {"path": p.replace(os.sep, "/")}
        if FILE_POLICY[policy]:
            item["policy"] = FILE_POLICY[policy]
        items.append(item)
    return published(run_id, {"files": {"files": items}})


def requirements_files_record() -> dict[str, Any]:
    """What wandb-core writes for requirements.txt (no control/_info)."""
    return {"files": {"files": [{"path": "requirements.txt", "type": FILE_TYPE_WANDB}]}}


def alert_record(run_id: str, title: str, text: str, level: str, wait_ms: int) -> dict[str, Any]:
    return published(
        run_id,
        {"alert": {"title": title, "text": text, "level": level, "wait_duration": int(wait_ms)}},
    )


def preempting_record(run_id: str) -> dict[str, Any]:
    return published(run_id, {"preempting": {}})


def output_raw_record(run_id: str, is_stdout: bool, line: str) -> dict[str, Any]:
    body: dict[str, Any] = {"output_type": STDOUT if is_stdout else STDERR}
    body["timestamp"] = timestamp()
    body["line"] = line
    return published(run_id, {"output_raw": body})


# -- environment ----------------------------------------------------------------------------


def _physical_cpus() -> int:
    """Physical cores: distinct (physical id, core id) pairs of /proc/cpuinfo (0 if unknown)."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as f:
            text = f.read()
    except OSError:
        return 0
    cores = set()
    for block in text.split("\n\n"):
        fields = dict(line.split(":", 1) for line in block.splitlines() if ":" in line)
        fields = {k.strip(): v.strip() for k, v in fields.items()}
        if "core id" in fields:
            cores.add((fields.get("physical id", ""), fields["core id"]))
    return len(cores)


def _memory_total() -> int | None:
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        return None


def environment_records(settings: Any, started_at: float, writer_id: str) -> list[dict[str, Any]]:
    """The two EnvironmentRecords wandb-core writes after the run record: none with
    ``x_disable_meta`` or ``x_disable_machine_info`` (as wandb 0.21.3)."""
    import platform
    import shutil
    import socket

    g = lambda name, default=None: getattr(settings, name, default)  # noqa: E731
    if g("x_disable_meta") or g("x_disable_machine_info"):
        return []
    first: dict[str, Any] = {
        "os": g("_os") or platform.platform(aliased=False),
        "python": g("_python") or f"{platform.python_implementation()} {platform.python_version()}",
        "started_at": timestamp(started_at),
    }
    docker = g("docker")
    if docker:
        first["docker"] = docker
    args = g("_args")
    if args is None:
        args = sys.argv[1:]
    if args:
        first["args"] = [str(a) for a in args]
    program = g("program")
    if program:
        first["program"] = program
    code_path = g("program_relpath")
    if code_path:
        first["code_path"] = code_path
        first["code_path_local"] = code_path
    git = _environment_git(settings)
    if git:
        first["git"] = git
    email = g("email")
    if email:
        first["email"] = email
    first["root"] = g("root_dir") or os.getcwd()
    first["host"] = g("host") or socket.gethostname()
    username = g("username")
    if username:
        first["username"] = username
    first["executable"] = g("x_executable") or sys.executable
    first["writer_id"] = writer_id

    second: dict[str, Any] = {}
    cpus = os.cpu_count()
    if cpus:
        second["cpu_count"] = g("x_stats_cpu_count") or _physical_cpus() or cpus
        second["cpu_count_logical"] = g("x_stats_cpu_logical_count") or cpus
    try:
        from wandb.sdk import system_stats

        second.update(system_stats.gpu_environment(settings))
    except Exception:  # metadata never breaks a run
        pass
    disks: dict[str, Any] = {}
    for path in g("x_stats_disk_paths", ("/",)) or ():
        try:
            usage = shutil.disk_usage(path)
        except OSError:
            continue
        disks[path] = {"total": usage.total, "used": usage.used}
    if disks:
        second["disk"] = disks
    mem = _memory_total()
    if mem:
        second["memory"] = {"total": mem}
    second["writer_id"] = writer_id
    return [{"environment": first}, {"environment": second}]


def _environment_git(settings: Any) -> dict[str, str] | None:
    """``{remote_url, commit}`` as in the run record (none with ``disable_git``)."""
    if getattr(settings, "disable_git", False):
        return None
    remote, commit = getattr(settings, "git_remote_url", None), getattr(settings, "git_commit", None)
    git = {k: v for k, v in (("remote_url", remote), ("commit", commit)) if v}
    return git or None


def _installed_distributions() -> Iterable[tuple[str, str]]:
    """(name, version) of each distribution on ``sys.path``, read from the ``*.dist-info`` /
    ``*.egg-info`` metadata headers directly: ``importlib.metadata`` costs ~40 ms to import,
    and a thread still importing at interpreter exit spoils the exit status."""
    import sys

    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for d in names:
            if d.endswith(".dist-info"):
                meta = os.path.join(entry, d, "METADATA")
            elif d.endswith(".egg-info"):
                meta = os.path.join(entry, d, "PKG-INFO")
                if not os.path.isfile(meta):
                    meta = os.path.join(entry, d)
            else:
                continue
            name = version = None
            try:
                with open(meta, encoding="utf-8", errors="replace") as f:
                    for line in f:
                        if line.startswith("Name:"):
                            name = line[5:].strip()
                        elif line.startswith("Version:"):
                            version = line[8:].strip()
                        if (name and version) or not line.strip():
                            break
            except OSError:
                continue
            if name and version:
                yield name, version


def write_requirements(path: str) -> None:
    """Write ``name==version`` per installed distribution (wandb's requirements.txt)."""
    lines = []
    seen = set()
    for name, version in _installed_distributions():
        if name.lower() in seen:
            continue
        seen.add(name.lower())
        lines.append(f"{name}=={version}\n")
    tmp = f"{path}.tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.writelines(lines)
    os.replace(tmp, path)

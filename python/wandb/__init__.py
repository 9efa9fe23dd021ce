"""Vireo: a fast, self-hostable implementation of the Weights & Biases Python SDK 0.21.3.

Use it exactly like wandb::

    import wandb
    run = wandb.init(project="demo", config={"lr": 0.01})
    run.log({"loss": 0.5})
    run.finish()
"""

from __future__ import annotations

__version__ = "0.21.3"
#: Vireo's own release, independent of the wandb API version it implements.
__vireo_version__ = "0.1.0"

from wandb import errors
from wandb.errors import Error
from wandb.errors.term import termerror, termlog, termsetup, termwarn
from wandb.sdk import wandb_setup as _wandb_setup
from wandb.sdk.wandb_settings import Settings
from wandb.sdk.wandb_init import init
from wandb.sdk.wandb_login import login
from wandb.sdk.wandb_setup import setup, teardown
from wandb.sdk.wandb_run import Run
from wandb.sdk.wandb_require import require
from wandb.sdk.wandb_save_restore import restore
from wandb import wandb_run  # noqa: F401,E402  (``wandb.wandb_run.Run``)
from wandb.sdk.wandb_summary import Summary
from wandb.sdk.wandb_config import Config
from wandb.sdk.wandb_alerts import AlertLevel
from wandb.sdk import wandb_helper as helper  # noqa: E402  (``wandb.helper.parse_config``)

# Globals bound to the active run by ``wandb.init`` (see ``wandb.sdk.wandb_setup``).
run: Run | None = None
config = _wandb_setup._PreInitConfig()
summary = _wandb_setup._PreInitSummary()
log = _wandb_setup._preinit_callable("wandb.log", "log")
finish = _wandb_setup._finish
save = _wandb_setup._preinit_callable("wandb.save", "save")
define_metric = _wandb_setup._preinit_callable("wandb.define_metric", "define_metric")
alert = _wandb_setup._preinit_callable("wandb.alert", "alert")
mark_preempting = _wandb_setup._preinit_callable("wandb.mark_preempting", "mark_preempting")
watch = _wandb_setup._preinit_callable("wandb.watch", "watch")
unwatch = _wandb_setup._preinit_callable("wandb.unwatch", "unwatch")
log_artifact = _wandb_setup._preinit_callable("wandb.log_artifact", "log_artifact")
use_artifact = _wandb_setup._preinit_callable("wandb.use_artifact", "use_artifact")
log_model = _wandb_setup._preinit_callable("wandb.log_model", "log_model")
use_model = _wandb_setup._preinit_callable("wandb.use_model", "use_model")
link_model = _wandb_setup._preinit_callable("wandb.link_model", "link_model")
log_code = _wandb_setup._preinit_callable("wandb.log_code", "log_code")

__all__ = [
    "__version__",
    "init",
    "finish",
    "login",
    "setup",
    "teardown",
    "log",
    "define_metric",
    "save",
    "restore",
    "alert",
    "mark_preempting",
    "require",
    "run",
    "config",
    "summary",
    "Settings",
    "AlertLevel",
    "Run",
    "Config",
    "Summary",
    "Error",
    "errors",
    "termlog",
    "termwarn",
    "termerror",
]


#: Public names that live in heavier modules, imported on first use: name -> (module, attribute).
_LAZY_NAMES = {
    "Api": ("wandb.apis.public", "Api"),
    "Image": ("wandb.sdk.data_types.image", "Image"),
    "Audio": ("wandb.sdk.data_types.audio", "Audio"),
    "Video": ("wandb.sdk.data_types.video", "Video"),
    "Table": ("wandb.sdk.data_types.table", "Table"),
    "JoinedTable": ("wandb.sdk.data_types.table", "JoinedTable"),
    "PartitionedTable": ("wandb.sdk.data_types.table", "PartitionedTable"),
    "Histogram": ("wandb.sdk.data_types.histogram", "Histogram"),
    "Html": ("wandb.sdk.data_types.html", "Html"),
    "Object3D": ("wandb.sdk.data_types.object_3d", "Object3D"),
    "box3d": ("wandb.sdk.data_types.object_3d", "box3d"),
    "Molecule": ("wandb.sdk.data_types.molecule", "Molecule"),
    "Plotly": ("wandb.sdk.data_types.plotly", "Plotly"),
    "Classes": ("wandb.sdk.data_types.helper_types.classes", "Classes"),
    "plot_table": ("wandb.plot.custom_chart", "plot_table"),
    "visualize": ("wandb.plot.viz", "visualize"),
    "Graph": ("wandb.integration.torch.graph_types", "Graph"),
    "Node": ("wandb.integration.torch.graph_types", "Node"),
    "Artifact": ("wandb.sdk.artifacts.artifact", "Artifact"),
}

#: Subpackages reachable as attributes of ``wandb`` without an explicit import.
_LAZY_MODULES = {"apis", "plot", "data_types", "sdk", "errors", "env"}


def __getattr__(name: str):
    """Import the heavier parts (``wandb.Api``, data types, ``wandb.Artifact``) on first use."""
    import importlib

    target = _LAZY_NAMES.get(name)
    if target is not None:
        value = getattr(importlib.import_module(target[0]), target[1])
        globals()[name] = value
        return value
    if name in _LAZY_MODULES:
        return importlib.import_module(f"wandb.{name}")
    raise AttributeError(f"module 'wandb' has no attribute {name!r}")

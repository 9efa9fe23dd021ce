"""The Public API: ``wandb.Api()`` and the objects it returns."""

from wandb.apis.public.api import Api, RetryingClient, User
from wandb.apis.public.artifacts import (
    ArtifactCollection,
    ArtifactCollections,
    ArtifactFiles,
    Artifacts,
    ArtifactType,
    ArtifactTypes,
    RunArtifacts,
)
from wandb.apis.public.files import File, Files
from wandb.apis.public.history import HistoryScan, SampledHistoryScan
from wandb.apis.public.projects import Project, Projects
from wandb.apis.public.registries import Registry
from wandb.apis.public.runs import Run, Runs
from wandb.apis.public.summary import HTTPSummary

__all__ = [
    "Api",
    "RetryingClient",
    "User",
    "Run",
    "Runs",
    "File",
    "Files",
    "Project",
    "Projects",
    "HistoryScan",
    "SampledHistoryScan",
    "HTTPSummary",
    "ArtifactCollection",
    "ArtifactCollections",
    "ArtifactFiles",
    "Artifacts",
    "ArtifactType",
    "ArtifactTypes",
    "RunArtifacts",
    "Registry",
]

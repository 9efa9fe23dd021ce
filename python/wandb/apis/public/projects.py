"""``Project`` and ``Projects`` of the Public API."""

from __future__ import annotations

from typing import Any, Optional

from wandb.apis.public import queries
from wandb.apis.public._base import Attrs, Paginator


class Projects(Paginator["Project"]):
    """Lazy, paginated projects of an entity (``Projects`` query)."""

    query = queries.PROJECTS

    def __init__(self, client: Any, entity: str, per_page: int = 50) -> None:
        self.entity = entity
        super().__init__(client, {"entity": entity}, per_page)

    def _connection(self, response: dict[str, Any]) -> Optional[dict[str, Any]]:
        return response.get("models")

    def _convert(self, edges: list[dict[str, Any]]) -> list["Project"]:
        return [Project(self.client, self.entity, e["node"]["name"], e["node"]) for e in edges]

    @property
    def length(self) -> None:
        """Not available for projects (None)."""
        return None

    def __repr__(self) -> str:
        return f"<Projects {self.entity}>"


class Project(Attrs):
    """A project (fields load on first access with the ``Project`` query)."""

    def __init__(self, client: Any, entity: str, project: str, attrs: Optional[dict] = None) -> None:
        super().__init__(dict(attrs or {}))
        self._is_loaded = bool(attrs)
        self.client = client
        self.name = project
        self.entity = entity

    def _load(self) -> None:
        res = self.client.execute(queries.PROJECT,
                                  variable_values={"project": self.name, "entity": self.entity})
        self._attrs = dict((res or {}).get("project") or {})
        self._is_loaded = True

    @property
    def id(self) -> str:
        """The project's ID on the server."""
        if not self._is_loaded:
            self._load()
        if "id" not in self._attrs:
            raise ValueError(f"Project {self.name} not found")
        return self._attrs["id"]

    @property
    def path(self) -> list[str]:
        """``[entity, name]``."""
        return [self.entity, self.name]

    @property
    def url(self) -> str:
        """The project's workspace URL."""
        return f"{self.client.app_url}{self.entity}/{self.name}/workspace"

    def runs(self, filters: Optional[dict] = None, order: str = "+created_at",
             per_page: int = 50) -> Any:
        """Runs of this project (same as ``api.runs("entity/project")``)."""
        from wandb.apis.public.runs import Runs

        return Runs(self.client, self.entity, self.name, filters=filters, order=order,
                    per_page=per_page)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        if not self.__dict__.get("_is_loaded"):
            self._load()
        return super().__getattr__(name)

    def __repr__(self) -> str:
        return f"<Project {'/'.join(self.path)}>"

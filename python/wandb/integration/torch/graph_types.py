"""``Graph``, ``Node`` and ``Edge``: a model graph stored as a ``graph-file`` media file.

The file ``media/graph/<key>_<step>_<sha256[:20]>.graph.json`` holds
``{"format": ..., "nodes": [node attributes...], "edges": [[from_id, to_id]...]}``.
"""

from __future__ import annotations

import json
import os
from typing import Any

from wandb.sdk.data_types.base_types.media import Media
from wandb.sdk.data_types.base_types.wb_value import WBValue

_NODE_FIELDS = (
    "id", "name", "class_name", "size", "parameters", "output_shape", "is_output",
    "num_parameters", "child_parameters", "is_constant", "functions",
)


class Edge(WBValue):
    """A directed edge between two nodes."""

    def __init__(self, from_node: "Node", to_node: "Node") -> None:
        self._attributes: dict[str, Any] = {"from_node": from_node, "to_node": to_node}

    from_node = property(lambda self: self._attributes.get("from_node"),
                         lambda self, v: self._attributes.__setitem__("from_node", v))
    to_node = property(lambda self: self._attributes.get("to_node"),
                       lambda self, v: self._attributes.__setitem__("to_node", v))
    name = property(lambda self: self._attributes.get("name"),
                    lambda self, v: self._attributes.__setitem__("name", v))

    def to_json(self, run: Any = None) -> list:
        return [self.from_node.id, self.to_node.id]

    def __repr__(self) -> str:
        attrs = {k: v for k, v in self._attributes.items() if k not in ("from_node", "to_node")}
        attrs.update(from_id=self.from_node.id, to_id=self.to_node.id)
        return str(attrs)


class Node(WBValue):
    """A graph node (a layer): its attributes are what the graph file stores."""

    def __init__(
        self,
        id: Any = None,
        name: Any = None,
        class_name: Any = None,
        size: Any = None,
        parameters: Any = None,
        output_shape: Any = None,
        is_output: Any = None,
        num_parameters: Any = None,
        node: "Node | None" = None,
    ) -> None:
        object.__setattr__(self, "_attributes", {"name": None})
        self.in_edges: dict = {}
        self.out_edges: dict = {}
        self.obj: Any = None
        if node is not None:
            self._attributes.update(node._attributes)
            self._attributes.pop("id", None)
            self.obj = node.obj
        for field, value in (
            ("id", id), ("name", name), ("class_name", class_name), ("size", size),
            ("parameters", parameters), ("output_shape", output_shape),
            ("is_output", is_output), ("num_parameters", num_parameters),
        ):
            if value is not None:
                setattr(self, field, value)

    def __getattr__(self, key: str) -> Any:
        if key in _NODE_FIELDS:
            default = [] if key in ("parameters", "functions") else None
            return self.__dict__["_attributes"].get(key, default)
        raise AttributeError(key)

    def __setattr__(self, key: str, value: Any) -> None:
        if key in _NODE_FIELDS:
            self._attributes[key] = tuple(value) if key == "size" else value
        else:
            object.__setattr__(self, key, value)

    def to_json(self, run: Any = None) -> dict:
        return self._attributes

    def __repr__(self) -> str:
        return repr(self._attributes)


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if hasattr(value, "tolist") and not isinstance(value, (str, bytes)):
        return value.tolist()
    return value


class Graph(Media):
    """A model graph (``graph-file``), e.g. recorded by ``run.watch(log_graph=True)``."""

    _log_type = "graph-file"

    def __init__(self, format: str = "keras") -> None:
        super().__init__()
        self.format = format
        self.nodes: list[Node] = []
        self.nodes_by_id: dict[Any, Node] = {}
        self.edges: list[Edge] = []
        self.loaded = False
        self.criterion: Any = None
        self.criterion_passed = False
        self.root: Any = None

    def _to_graph_json(self, run: Any = None) -> dict:
        return {
            "format": self.format,
            "nodes": [node.to_json() for node in self.nodes],
            "edges": [edge.to_json() for edge in self.edges],
        }

    def bind_to_run(self, *args: Any, **kwargs: Any) -> None:
        from wandb.sdk.data_types._private import MEDIA_TMP
        from wandb.sdk.lib import runid

        path = os.path.join(MEDIA_TMP.name, runid.generate_id() + ".graph.json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(_plain(self._to_graph_json()), f)
        self._set_file(path, is_tmp=True, extension=".graph.json")
        if self.is_bound():
            return
        super().bind_to_run(*args, **kwargs)

    @classmethod
    def get_media_subdir(cls) -> str:
        return os.path.join("media", "graph")

    def to_json(self, run: Any) -> dict:
        out = super().to_json(run)
        out["_type"] = self._log_type
        return out

    def __getitem__(self, nid: Any) -> Node:
        return self.nodes_by_id[nid]

    def add_node(self, node: Node | None = None, **node_kwargs: Any) -> Node:
        """Add ``node`` (or a new ``Node(**node_kwargs)``)."""
        if node is None:
            node = Node(**node_kwargs)
        elif node_kwargs:
            raise ValueError(
                f"Only pass one of either node ({node}) or other keyword arguments ({node_kwargs})"
            )
        self.nodes.append(node)
        self.nodes_by_id[node.id] = node
        return node

    def add_edge(self, from_node: Node, to_node: Node) -> Edge:
        """Add an edge ``from_node -> to_node``."""
        edge = Edge(from_node, to_node)
        self.edges.append(edge)
        return edge

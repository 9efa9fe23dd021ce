"""``TorchGraph``: the layers of a PyTorch model, recorded on its first forward pass.

Each leaf module (containers such as ``Sequential``/``ModuleList``/``ModuleDict`` are walked
into) gets a forward hook; when every hooked module has run once, the graph is written to the
run summary as ``graph_<idx>`` (a ``graph-file``), as wandb 0.21.3 does.
"""

from __future__ import annotations

from functools import reduce
from operator import mul
from typing import Any

from wandb.integration.torch.graph_types import Graph, Node
from wandb.integration.torch.wandb_torch import _hook_names, _torch, nested_shape


class TorchGraph(Graph):
    """Graph of a torch model, filled in by forward hooks."""

    def __init__(self) -> None:
        super().__init__("torch")
        self._graph_hooks: set[int] = set()
        self._history: Any = None

    @classmethod
    def hook_torch(cls, model: Any, criterion: Any = None, graph_idx: int = 0, history: Any = None) -> "TorchGraph":
        import wandb

        wandb.termlog("logging graph, to disable use `wandb.watch(log_graph=False)`")
        graph = cls()
        graph._history = history
        graph.hook_torch_modules(model, criterion, graph_idx=graph_idx)
        return graph

    def create_forward_hook(self, name: str, graph_idx: int) -> Any:
        graph = self

        def after_forward(module: Any, _inputs: Any, output: Any) -> None:
            if id(module) not in graph._graph_hooks:
                return
            if not isinstance(output, tuple):
                output = (output,)
            parameters = [(pname, list(p.size())) for pname, p in module.named_parameters()]
            node = Node(
                id=id(module),
                name=name,
                class_name=str(module),
                output_shape=nested_shape(output),
                parameters=parameters,
                num_parameters=[reduce(mul, size, 1) for _n, size in parameters],
            )
            graph.nodes_by_id[id(module)] = node
            for p in module.parameters():
                graph.nodes_by_id[id(p)] = node
            graph.add_node(node)
            if not graph.criterion_passed:
                first = output[0]
                if hasattr(first, "grad_fn"):
                    graph.criterion = first.grad_fn
                elif isinstance(first, list) and first and hasattr(first[0], "grad_fn"):
                    graph.criterion = first[0].grad_fn
            graph._graph_hooks.discard(id(module))
            if not graph._graph_hooks:
                run = graph._history._run if graph._history is not None else None
                if run is None:
                    import wandb

                    run = wandb.run
                if run is not None and not getattr(run, "_is_finished", False):
                    run.summary[f"graph_{graph_idx}"] = graph

        return after_forward

    def hook_torch_modules(
        self,
        module: Any,
        criterion: Any = None,
        prefix: str | None = None,
        graph_idx: int = 0,
        parent: Any = None,
    ) -> None:
        torch = _torch()
        if getattr(module, "_wandb_watch_called", False):
            raise ValueError(
                "You can only call `wandb.watch` once per model.  Pass a new instance of the "
                "model if you need to call wandb.watch again in your code."
            )
        module._wandb_watch_called = True
        if criterion:
            self.criterion = criterion
            self.criterion_passed = True
        containers = tuple(
            getattr(torch.nn, n) for n in ("Container", "Sequential", "ModuleList", "ModuleDict")
            if hasattr(torch.nn, n)
        )
        handles = self._history._hook_handles if self._history is not None else {}
        for layers, (name, sub) in enumerate(module.named_children()):
            name = name or str(layers)
            if prefix:
                name = prefix + "." + name
            if parent is None:
                parent = module
            if isinstance(sub, containers):
                # wandb does not pass graph_idx down: nested layers report graph_0
                self.hook_torch_modules(sub, prefix=name, parent=parent)
                continue
            self._graph_hooks.add(id(sub))
            try:
                handle = sub.register_forward_hook(self.create_forward_hook(name, graph_idx))
            except RuntimeError as e:
                import wandb

                wandb.termwarn(
                    f"Trying to register forward_hook failed ({e}) - skipping graph tracking.",
                    repeat=False,
                )
                continue
            key = "topology/" + str(id(handle))
            handles[key] = handle
            _hook_names(parent).append(key)

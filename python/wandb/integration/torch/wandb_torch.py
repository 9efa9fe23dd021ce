"""Hooks that ``run.watch`` puts on PyTorch models (torch is imported only when used).

Histograms are logged as wandb 0.21.3 logs them: 64 bins computed with ``Tensor.histc``
between the finite min and max (float32 unless the tensor is float64), bin edges from
``torch.linspace`` (float32); a constant tensor gives one bin ``[numel]`` with edges
``[v, v]``; a tensor without finite values logs nothing. Keys: ``parameters/<prefix><name>``
and ``gradients/<prefix><name>`` with ``name`` from ``named_parameters()``.
"""

from __future__ import annotations

from typing import Any

#: Histogram bins used for gradients and parameters.
NUM_BINS = 64


def _torch() -> Any:
    try:
        import torch
    except ImportError:
        from wandb.errors import Error

        raise Error("Could not import torch") from None
    return torch


def nested_shape(value: Any, seen: set | None = None) -> Any:
    """Shape of a tensor, or nested list of shapes of a (nested) sequence of tensors."""
    if seen is None:
        seen = set()
    if hasattr(value, "size"):
        return list(value.size())
    if hasattr(value, "get_shape"):
        return value.get_shape().as_list()
    if hasattr(value, "shape"):
        return value.shape
    seen.add(id(value))
    try:
        return [nested_shape(item, seen) if id(item) not in seen else 0 for item in list(value)]
    except TypeError:  # not iterable
        return []


class LogTrack:
    """Counts hook calls; ``due()`` is true on every ``log_freq``-th call."""

    __slots__ = ("count", "every")

    def __init__(self, log_freq: int) -> None:
        self.count = 0
        self.every = log_freq

    def due(self) -> bool:
        self.count += 1
        if self.count < self.every:
            return False
        self.count = 0
        return True


def tensor_histogram(tensor: Any, num_bins: int = NUM_BINS) -> tuple[list, list] | None:
    """``(counts, edges)`` lists for a tensor (or nested list of tensors), None without finite values."""
    torch = _torch()
    if isinstance(tensor, (tuple, list)):
        while isinstance(tensor, (tuple, list)) and isinstance(tensor[0], (tuple, list)):
            tensor = [item for sub in tensor for item in sub]
        tensor = torch.cat([t.detach().clone().reshape(-1) for t in tensor])
    if not hasattr(tensor, "shape"):
        cls = type(tensor)
        raise TypeError(f"Expected Tensor, not {cls.__module__}.{cls.__name__}")
    tensor = tensor.detach()
    sparse_zeros = 0
    if tensor.is_sparse:
        tensor = tensor.cpu().coalesce()
        values = tensor._values()
        sparse_zeros = tensor.numel() - values.numel()
        tensor = values
    flat = tensor.reshape(-1)
    if flat.is_cuda:
        if flat.dtype not in (torch.float32, torch.float64):
            flat = flat.float()
    elif flat.dtype not in (torch.float32, torch.float64):
        flat = flat.float()

    finite = torch.isfinite(flat)
    if flat.numel() == 0 or not bool(finite.any()):
        return None
    if not bool(finite.all()):
        flat = flat[finite]
    tmin = flat.min().item()
    tmax = flat.max().item()
    if sparse_zeros:
        tmin = min(tmin, 0)
        tmax = max(tmax, 0)
    if tmin == tmax:
        counts = torch.tensor([float(flat.numel())], dtype=torch.get_default_dtype())
        edges = torch.tensor([tmin, tmax], dtype=torch.get_default_dtype())
    else:
        try:
            counts = flat.histc(bins=num_bins, min=tmin, max=tmax).cpu()
        except RuntimeError:  # histc not available for this device/dtype
            counts = flat.cpu().histc(bins=num_bins, min=tmin, max=tmax)
        edges = torch.linspace(tmin, tmax, steps=num_bins + 1)
    if sparse_zeros:
        counts = counts.to(torch.get_default_dtype()).clone()
        edges = edges.to(torch.get_default_dtype())
        edge_list = edges.tolist()
        last = len(edge_list) - 2
        target = 0
        for i in range(last + 1):
            lo, hi = edge_list[i], edge_list[i + 1]
            if (lo <= 0 < hi) or (i == last and hi == 0):
                target = i
                break
        counts[target] += sparse_zeros
    return counts.tolist(), edges.tolist()


class TorchHistory:
    """Hook handles of one run, and the histograms they log."""

    def __init__(self, run: Any = None) -> None:
        _torch()
        self._run = run
        self._hook_handles: dict[str, Any] = {}
        self._num_bins = NUM_BINS

    # -- logging -----------------------------------------------------------------------
    def log_tensor_stats(self, tensor: Any, name: str) -> None:
        """Log the histogram of ``tensor`` under ``name`` into the run's pending step."""
        hist = tensor_histogram(tensor, self._num_bins)
        if hist is None:
            return
        run = self._run
        if run is None:
            import wandb

            run = wandb.run
        if run is None or getattr(run, "_is_finished", False):
            return
        counts, edges = hist
        run.log({name: {"_type": "histogram", "values": counts, "bins": edges}}, commit=False)

    # -- hooks -------------------------------------------------------------------------
    def add_log_parameters_hook(self, module: Any, name: str = "", prefix: str = "", log_freq: int = 0) -> None:
        """Log every parameter of ``module`` after each ``log_freq``-th forward pass."""
        prefix = prefix + name
        names = _hook_names(module)
        track = LogTrack(log_freq)

        def on_forward(mod: Any, _inputs: Any, _output: Any) -> None:
            if not track.due():
                return
            for pname, parameter in mod.named_parameters():
                self.log_tensor_stats(parameter.data.cpu(), "parameters/" + prefix + pname)

        try:
            handle = module.register_forward_hook(on_forward)
        except RuntimeError as e:
            import wandb

            wandb.termwarn(f"Trying to register forward_hook failed ({e}) - skipping parameter tracking.")
            return
        self._hook_handles["parameters/" + prefix] = handle
        names.append("parameters/" + prefix)

    def add_log_gradients_hook(self, module: Any, name: str = "", prefix: str = "", log_freq: int = 0) -> None:
        """Log the gradient of each trainable parameter on each ``log_freq``-th backward pass."""
        prefix = prefix + name
        names = _hook_names(module)
        for pname, parameter in module.named_parameters():
            if parameter.requires_grad:
                key = "gradients/" + prefix + pname
                names.append(key)
                self._hook_variable_gradient_stats(parameter, key, LogTrack(log_freq))

    def _hook_variable_gradient_stats(self, var: Any, name: str, track: LogTrack) -> Any:
        torch = _torch()
        if not isinstance(var, torch.Tensor):
            cls = type(var)
            raise TypeError(f"Expected torch.Variable, not {cls.__module__}.{cls.__name__}")
        handle = self._hook_handles.get(name)
        if handle is not None and _handle_is_valid(handle):
            raise ValueError(f'A hook has already been set under name "{name}"')

        def on_grad(grad: Any) -> None:
            if track.due():
                self.log_tensor_stats(grad.data, name)

        handle = var.register_hook(on_grad)
        self._hook_handles[name] = handle
        return handle

    def unhook_all(self) -> None:
        """Remove every hook of this run."""
        for handle in self._hook_handles.values():
            handle.remove()
        self._hook_handles = {}

    def unhook(self, name: str) -> None:
        """Remove the hook registered under ``name`` (no-op if already removed)."""
        handle = self._hook_handles.pop(name, None)
        if handle is not None:
            handle.remove()

    def hook_torch(self, model: Any, criterion: Any = None, graph_idx: int = 0) -> Any:
        """Record the model graph on its first forward pass (summary ``graph_<idx>``)."""
        from wandb.integration.torch.torch_graph import TorchGraph

        return TorchGraph.hook_torch(model, criterion, graph_idx=graph_idx, history=self)


def _hook_names(module: Any) -> list:
    names = getattr(module, "_wandb_hook_names", None)
    if names is None:
        names = []
        module._wandb_hook_names = names
    return names


def _handle_is_valid(handle: Any) -> bool:
    hooks = handle.hooks_dict_ref()
    return hooks is not None and handle.id in hooks

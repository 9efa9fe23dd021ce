"""PyTorch integration: gradient/parameter histograms and the model graph for ``run.watch``."""

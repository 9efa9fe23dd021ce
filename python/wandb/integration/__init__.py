"""Integrations with other libraries (torch hooks for ``run.watch``)."""

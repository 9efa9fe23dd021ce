"""Manifest formats."""

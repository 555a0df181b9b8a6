"""Poortwachter service: registry, policy, API, pages and command line."""

__version__ = "0.1.0"

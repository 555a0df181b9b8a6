"""Poortwachter service: registry, policy, API, pages and command line."""

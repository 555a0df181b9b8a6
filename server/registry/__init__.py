"""The consent registry and what fills it; every SQL statement of Poortwachter lives in this package."""
from server.registry.sqlite import CHANNELS, AdminEvent, Consent, ImportSummary, Person, Registry, RegistryError

__all__ = ["CHANNELS", "AdminEvent", "Consent", "ImportSummary", "Person", "Registry", "RegistryError"]

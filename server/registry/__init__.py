"""The consent registry and what fills it; every SQL statement of Poortwachter lives in this package."""
from server.registry.errors import RegistryError
from server.registry.registry import CHANNELS, AdminEvent, Consent, ImportSummary, Person, Registry

__all__ = ["CHANNELS", "AdminEvent", "Consent", "ImportSummary", "Person", "Registry", "RegistryError"]

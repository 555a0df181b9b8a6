"""The consent registry and what fills it; every SQL statement of Poortwachter lives in this package."""
from server.registry.errors import RegistryError
from server.registry.registry import (CHANNELS, AdminEvent, Consent, Gallery, ImportSummary, Person, ReferencePhoto,
                                      Registry)

__all__ = ["CHANNELS", "AdminEvent", "Consent", "Gallery", "ImportSummary", "Person", "ReferencePhoto", "Registry",
           "RegistryError"]

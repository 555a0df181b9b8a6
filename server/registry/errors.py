"""The registry's one exception, shared by the registry and its backends."""


class RegistryError(Exception):
    """The registry could not be read or written; nothing changed. The message is Dutch."""

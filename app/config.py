"""The endpoint's configuration: the settings are defined and checked in `kg.settings` (see its table), where
`kg serve` checks them before it starts; this module adds what only the web application needs."""

from collections.abc import Mapping

from kg.settings import DEFAULTS, STORES, check, load

__all__ = ["DEFAULTS", "STORES", "check", "cors_origins", "load"]


def cors_origins(settings: Mapping) -> list[str]:
    """The origins CORS is on for (none by default)."""
    return [o.strip() for o in settings["CORS_ORIGINS"].split(",") if o.strip()]

"""`get_bus()`: the process's quote bus, Redis when REDIS_URL is set, else the database.

Settings read:
- REDIS_URL: set → RedisQuoteBus (production), empty → DatabaseQuoteBus.
- QUOTE_BUS_REDIS_PREFIX: key prefix on Redis (default "thor:"), so several
  installations or test runs can share one Redis.
- QUOTE_BUS_RETENTION_SEC: how much quote time each symbol keeps (default 3 days).
"""
import functools

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

from LiveData.bus.base import QuoteBus, QuoteBusUnavailable, QuoteOrderError

__all__ = ["QuoteBus", "QuoteBusUnavailable", "QuoteOrderError", "get_bus"]

DEFAULT_REDIS_PREFIX = "thor:"
DEFAULT_RETENTION_SEC = 3 * 24 * 3600
_SETTINGS = {"REDIS_URL", "QUOTE_BUS_REDIS_PREFIX", "QUOTE_BUS_RETENTION_SEC"}


@functools.cache
def get_bus() -> QuoteBus:
    """One instance per process: it holds the Redis connection pool."""
    retention = getattr(settings, "QUOTE_BUS_RETENTION_SEC", DEFAULT_RETENTION_SEC)
    if settings.REDIS_URL:
        from LiveData.bus.redis_bus import RedisQuoteBus

        prefix = getattr(settings, "QUOTE_BUS_REDIS_PREFIX", DEFAULT_REDIS_PREFIX)
        return RedisQuoteBus(settings.REDIS_URL, prefix=prefix, retention_sec=retention)
    from LiveData.bus.db_bus import DatabaseQuoteBus

    return DatabaseQuoteBus(retention_sec=retention)


@receiver(setting_changed)
def _forget_bus(setting, **kwargs):
    # Tests switch buses with override_settings; the next get_bus() follows.
    if setting in _SETTINGS:
        get_bus.cache_clear()

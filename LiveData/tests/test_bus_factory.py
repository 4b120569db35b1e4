import pytest

from LiveData.bus import get_bus
from LiveData.bus.db_bus import DatabaseQuoteBus
from LiveData.bus.redis_bus import RedisQuoteBus

pytestmark = pytest.mark.embedded


def test_without_redis_the_database_carries_the_quotes(settings):
    settings.REDIS_URL = ""
    assert isinstance(get_bus(), DatabaseQuoteBus)


def test_with_redis_url_the_bus_is_redis_and_one_per_process(settings):
    settings.REDIS_URL = "redis://127.0.0.1:6379/15"
    bus = get_bus()
    assert isinstance(bus, RedisQuoteBus)
    assert get_bus() is bus


def test_changing_the_settings_gives_a_new_bus(settings):
    settings.REDIS_URL = ""
    first = get_bus()
    settings.QUOTE_BUS_RETENTION_SEC = 60
    assert get_bus() is not first

import pytest

from LiveData.rules.staleness import is_stale, quote_age_sec

pytestmark = pytest.mark.embedded

NOW = 1_767_225_600_000


@pytest.mark.parametrize("age_ms, stale", [
    (0, False),
    (120_000, False),  # exactly at the limit: not yet stale
    (120_001, True),  # a millisecond over
    (-2_000, False),  # stamped slightly ahead (feed clock)
])
def test_a_quote_is_stale_when_strictly_older_than_the_limit(age_ms, stale):
    assert is_stale(NOW - age_ms, NOW, 120) is stale


def test_the_age_is_in_seconds_to_the_millisecond():
    assert quote_age_sec(NOW - 1_234, NOW) == 1.234

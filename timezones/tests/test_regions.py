from datetime import time

import pytest

from timezones.rules.regions import SPEC_REGIONS, RegionSpec

pytestmark = pytest.mark.embedded


def test_it_has_exactly_the_spec_regions_in_spec_order():
    assert [region.key for region in SPEC_REGIONS] == [
        "Japan", "China", "India", "EuroNext", "London", "Pre_USA", "USA"]


@pytest.mark.parametrize("key, display, tz, code, open_local, close_local, from_calendar", [
    ("Japan", "Tokyo", "Asia/Tokyo", "XTKS", time(9, 0), time(15, 30), True),
    ("China", "Shanghai", "Asia/Shanghai", "XSHG", time(9, 30), time(15, 0), True),
    ("India", "Bombay", "Asia/Kolkata", "XBOM", time(9, 15), time(15, 30), True),
    ("EuroNext", "Amsterdam", "Europe/Amsterdam", "XAMS", time(9, 0), time(17, 30), True),
    ("London", "London", "Europe/London", "XLON", time(8, 0), time(16, 30), True),
    # XNYS trading days, own hours: 08:30 data release to the 09:30 regular open.
    ("Pre_USA", "Pre-USA", "America/New_York", "XNYS", time(8, 30), time(9, 30), False),
    ("USA", "USA", "America/New_York", "XNYS", time(9, 30), time(16, 0), True),
])
def test_it_configures_each_region_as_the_spec_says(key, display, tz, code, open_local, close_local,
                                                     from_calendar):
    region = {region.key: region for region in SPEC_REGIONS}[key]
    assert (region.display_name, region.tz, region.calendar_code) == (display, tz, code)
    assert (region.open_local, region.close_local) == (open_local, close_local)
    assert region.hours_from_calendar is from_calendar


@pytest.mark.parametrize("changes, message", [
    ({"tz": "Asia/Tokio"}, "not an IANA time zone"),
    ({"tz": ""}, "not an IANA time zone"),
    ({"open_local": time(16, 0)}, "must be before close"),  # open after close
    ({"open_local": time(15, 30)}, "must be before close"),  # open == close
    ({"key": ""}, "needs a key"),
])
def test_it_rejects_a_bad_region(changes, message):
    fields = {"key": "Japan", "display_name": "Tokyo", "tz": "Asia/Tokyo", "calendar_code": "XTKS",
              "open_local": time(9, 0), "close_local": time(15, 30)}
    with pytest.raises(ValueError, match=message):
        RegionSpec(**{**fields, **changes})

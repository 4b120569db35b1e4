from datetime import date, time

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from timezones.models import Market, MarketClosure

pytestmark = [pytest.mark.embedded, pytest.mark.django_db]


def test_a_fresh_database_has_the_seven_spec_markets():
    rows = list(Market.objects.values_list(
        "key", "display_name", "timezone", "calendar_code", "hours_from_calendar", "open_local",
        "close_local", "active", "capture_enabled", "evaluation_window_sec"))
    assert rows == [
        ("Japan", "Tokyo", "Asia/Tokyo", "XTKS", True, time(9, 0), time(15, 30), True, True, None),
        ("China", "Shanghai", "Asia/Shanghai", "XSHG", True, time(9, 30), time(15, 0), True, True, None),
        ("India", "Bombay", "Asia/Kolkata", "XBOM", True, time(9, 15), time(15, 30), True, True, None),
        ("EuroNext", "Amsterdam", "Europe/Amsterdam", "XAMS", True, time(9, 0), time(17, 30), True, True, None),
        ("London", "London", "Europe/London", "XLON", True, time(8, 0), time(16, 30), True, True, None),
        ("Pre_USA", "Pre-USA", "America/New_York", "XNYS", False, time(8, 30), time(9, 30), True, True, None),
        ("USA", "USA", "America/New_York", "XNYS", True, time(9, 30), time(16, 0), True, True, None),
    ]


@pytest.mark.parametrize("changes, field, message", [
    ({"timezone": "Asia/Tokio"}, "__all__", "not an IANA time zone"),
    ({"calendar_code": "XTOKYO"}, "calendar_code", "not an exchange_calendars code"),
    ({"open_local": time(16, 0)}, "__all__", "must be before close"),
])
def test_it_rejects_a_bad_market_and_keeps_the_row(changes, field, message):
    market = Market.objects.get(key="Japan")
    for name, value in changes.items():
        setattr(market, name, value)
    with pytest.raises(ValidationError) as error:
        market.full_clean()
    assert message in " ".join(error.value.message_dict[field])
    assert Market.objects.get(key="Japan").timezone == "Asia/Tokyo"


def test_an_empty_calendar_code_is_allowed():
    market = Market.objects.get(key="Japan")
    market.calendar_code = ""
    market.full_clean()


def test_a_closure_needs_a_reason():
    closure = MarketClosure(market=Market.objects.get(key="China"), date=date(2027, 1, 1))
    with pytest.raises(ValidationError) as error:
        closure.full_clean()
    assert "reason" in error.value.message_dict


def test_a_market_has_one_closure_row_per_date():
    china = Market.objects.get(key="China")
    MarketClosure.objects.create(market=china, date=date(2027, 1, 1), reason="New Year's Day")
    with pytest.raises(IntegrityError):
        MarketClosure.objects.create(market=china, date=date(2027, 1, 1), is_trading_day=True)

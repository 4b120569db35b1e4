import logging
from decimal import Decimal as D

import pytest
from django.core.management import call_command

from FutureTrading.models import SignalWeight, SymbolConfig, TradingConfig
from FutureTrading.rules.instruments import SPEC_INSTRUMENTS
from FutureTrading.rules.signals import Signal
from FutureTrading.services import config
from FutureTrading.services.config import aliases, instrument_specs, signal_weights, trading_config

pytestmark = [pytest.mark.embedded, pytest.mark.django_db]

SPEC_ORDER = ["YM", "ES", "NQ", "RTY", "CL", "SI", "HG", "GC", "VX", "DX", "ZB"]


@pytest.fixture
def seeded():
    call_command("seed_symbol_config", verbosity=0)


def test_an_unseeded_database_falls_back_to_the_spec_and_says_so_once(caplog):
    config._warn_unseeded.cache_clear()
    with caplog.at_level(logging.WARNING, logger="FutureTrading.services.config"):
        specs = instrument_specs()
        instrument_specs()
    assert specs == {spec.symbol: spec for spec in SPEC_INSTRUMENTS}
    warnings = [record.getMessage() for record in caplog.records]
    assert len(warnings) == 1
    assert "manage.py seed_symbol_config" in warnings[0]


def test_seeded_instruments_come_in_spec_order(seeded):
    specs = instrument_specs()
    assert list(specs) == SPEC_ORDER
    assert specs["ZB"].tick_size == D("0.03125")


def test_an_admin_edit_takes_effect_on_the_next_call(seeded):
    assert instrument_specs()["YM"].buy == D("10")
    SymbolConfig.objects.filter(symbol="YM").update(buy=D("12"))
    assert instrument_specs()["YM"].buy == D("12")


def test_inactive_instruments_are_left_out_and_sort_order_decides(seeded):
    SymbolConfig.objects.filter(symbol="VX").update(active=False)
    SymbolConfig.objects.filter(symbol="ZB").update(sort_order=1)
    assert list(instrument_specs()) == ["ZB", "YM", "ES", "NQ", "RTY", "CL", "SI", "HG", "GC", "DX"]


def test_all_instruments_deactivated_means_none_not_the_fallback(seeded):
    SymbolConfig.objects.update(active=False)
    assert instrument_specs() == {}


def test_aliases_cover_inactive_instruments_too(seeded):
    SymbolConfig.objects.filter(symbol="DX").update(active=False)
    assert aliases()["$DXY"] == "DX"
    assert aliases()["RT"] == "RTY"
    SymbolConfig.objects.filter(symbol="ZB").update(aliases="/ZB, 30YRBOND, USB")
    assert aliases()["USB"] == "ZB"


def test_signal_weights_default_to_the_spec_and_follow_the_admin(seeded):
    assert signal_weights() == {
        Signal.STRONG_BUY: 2, Signal.BUY: 1, Signal.HOLD: 0, Signal.SELL: -1, Signal.STRONG_SELL: -2,
    }
    SignalWeight.objects.filter(signal="STRONG_BUY").update(weight=3)
    assert signal_weights()[Signal.STRONG_BUY] == 3


def test_signal_weights_without_rows_are_the_defaults():
    assert signal_weights()[Signal.STRONG_SELL] == -2


def test_the_trading_config_is_created_on_first_use():
    assert not TradingConfig.objects.exists()
    assert trading_config().stale_quote_sec == 120
    TradingConfig.objects.update(stale_quote_sec=30)
    assert trading_config().stale_quote_sec == 30

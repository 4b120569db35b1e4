from decimal import Decimal as D
from io import StringIO

import pytest
from django.core.management import call_command

from FutureTrading.models import SignalWeight, SymbolConfig, TradingConfig

pytestmark = [pytest.mark.embedded, pytest.mark.django_db]


def seed(*args) -> str:
    out = StringIO()
    call_command("seed_symbol_config", *args, stdout=out)
    return out.getvalue()


def test_it_creates_the_instruments_weights_and_config():
    output = seed()
    assert "17 rows created, 0 kept, 0 reset" in output
    assert "created  instrument ZB" in output
    assert list(SymbolConfig.objects.values_list("symbol", "sort_order")) == [
        ("YM", 10), ("ES", 20), ("NQ", 30), ("RTY", 40), ("CL", 50), ("SI", 60),
        ("HG", 70), ("GC", 80), ("VX", 90), ("DX", 100), ("ZB", 110),
    ]
    assert dict(SignalWeight.objects.values_list("signal", "weight")) == {
        "STRONG_BUY": 2, "BUY": 1, "HOLD": 0, "SELL": -1, "STRONG_SELL": -2,
    }
    assert TradingConfig.objects.get().audit_horizon_sec == 7200


def test_running_it_again_changes_nothing():
    seed()
    before = list(SymbolConfig.objects.values())
    assert "0 rows created, 17 kept, 0 reset" in seed()
    assert list(SymbolConfig.objects.values()) == before


def test_it_keeps_an_admin_edit():
    seed()
    SymbolConfig.objects.filter(symbol="YM").update(buy=D("12"), active=False)
    SignalWeight.objects.filter(signal="BUY").update(weight=3)
    TradingConfig.objects.update(stale_quote_sec=30)
    seed()
    ym = SymbolConfig.objects.get(symbol="YM")
    assert (ym.buy, ym.active) == (D("12"), False)
    assert SignalWeight.objects.get(signal="BUY").weight == 3
    assert TradingConfig.objects.get().stale_quote_sec == 30


def test_it_fills_in_a_deleted_row_only():
    seed()
    SymbolConfig.objects.filter(symbol="ZB").delete()
    SymbolConfig.objects.filter(symbol="YM").update(buy=D("12"))
    assert "1 rows created, 16 kept" in seed()
    assert SymbolConfig.objects.get(symbol="ZB").tick_size == D("0.03125")
    assert SymbolConfig.objects.get(symbol="YM").buy == D("12")


def test_reset_restores_the_seeded_values_and_says_what_changed():
    seed()
    SymbolConfig.objects.filter(symbol="YM").update(buy=D("12"), active=False)
    SignalWeight.objects.filter(signal="BUY").update(weight=3)
    TradingConfig.objects.update(stale_quote_sec=30)
    output = seed("--reset")
    assert "3 reset" in output
    assert "reset  instrument YM (buy: 12.00000000 → 10, active: False → True)" in output
    assert "reset  trading config (stale_quote_sec: 30 → 120)" in output
    ym = SymbolConfig.objects.get(symbol="YM")
    assert (ym.buy, ym.active) == (D("10"), True)
    assert SignalWeight.objects.get(signal="BUY").weight == 1
    assert TradingConfig.objects.get().stale_quote_sec == 120


def test_reset_keeps_an_instrument_the_operator_added():
    seed()
    SymbolConfig.objects.create(**{**SymbolConfig.objects.filter(symbol="YM").values(
        "name", "tick_size", "tick_value", "display_precision", "strong_buy", "buy", "sell", "strong_sell",
        "bear", "contract_weight").get(), "symbol": "MYM", "aliases": "/MYM"})
    seed("--reset")
    assert SymbolConfig.objects.filter(symbol="MYM").exists()


def test_it_is_silent_at_verbosity_zero():
    out = StringIO()
    call_command("seed_symbol_config", verbosity=0, stdout=out)
    assert out.getvalue() == ""

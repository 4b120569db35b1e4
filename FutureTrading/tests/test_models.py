from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from FutureTrading.models import SignalWeight, SymbolConfig, TradingConfig
from FutureTrading.rules.instruments import SPEC_INSTRUMENTS

pytestmark = [pytest.mark.embedded, pytest.mark.django_db]

SPECS = {spec.symbol: spec for spec in SPEC_INSTRUMENTS}


def row(symbol: str, /, **changes) -> SymbolConfig:
    return SymbolConfig(**{**SymbolConfig.fields_of(SPECS[symbol]), **changes})


def test_a_stored_row_gives_back_the_seeded_spec_exactly():
    for spec in SPEC_INSTRUMENTS:
        row(spec.symbol).save()
    for stored in SymbolConfig.objects.all():
        assert stored.to_spec() == SPECS[stored.symbol]
    zb = SymbolConfig.objects.get(symbol="ZB").to_spec()
    # Not the database's padded 0.03125000 / 31.2500: the seeded text.
    assert (str(zb.tick_size), str(zb.tick_value), str(zb.strong_buy)) == ("0.03125", "31.25", "30")
    assert zb.aliases == ("/ZB", "30YRBOND")


def test_aliases_are_stored_comma_separated():
    assert row("RTY").aliases == "/RTY, RT"
    assert row("RTY", aliases=" /RTY ,, rt ").alias_list == ("/RTY", "rt")


@pytest.mark.parametrize("changes, field", [
    ({"buy": D("70")}, "buy"),  # above Strong Buy
    ({"sell": D("11")}, "sell"),  # above Buy
    ({"strong_sell": D("-5")}, "strong_sell"),  # above Sell
    ({"tick_size": D("0")}, "tick_size"),
    ({"tick_value": D("-5")}, "tick_value"),
    ({"take_profit_usd": D("0")}, "take_profit_usd"),
    ({"display_precision": 11}, "display_precision"),
    ({"symbol": "ym"}, "symbol"),
])
def test_the_admin_validation_names_the_bad_field_and_saves_nothing(changes, field):
    bad = row("YM", **changes)
    with pytest.raises(ValidationError) as error:
        bad.full_clean()
    assert field in error.value.message_dict
    assert not SymbolConfig.objects.exists()


def test_a_feed_alias_cannot_belong_to_two_instruments():
    row("ES").save()
    with pytest.raises(ValidationError) as error:
        row("YM", aliases="/YM, /ES").full_clean()
    assert "already belongs to ES" in error.value.message_dict["aliases"][0]


def test_a_valid_row_passes_validation_and_can_be_edited():
    row("ES").save()
    ym = row("YM")
    ym.full_clean()
    ym.save()
    ym.buy = D("12")
    ym.full_clean()


@pytest.mark.parametrize("changes", [
    {"sell": D("11")},  # thresholds out of order
    {"tick_size": D("0")},
])
def test_the_database_refuses_a_bad_row_written_past_the_admin(changes):
    with pytest.raises(IntegrityError), transaction.atomic():
        row("YM", **changes).save()


def test_signal_weights_are_unique_per_signal():
    SignalWeight.objects.create(signal="BUY", weight=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        SignalWeight.objects.create(signal="BUY", weight=2)


def test_the_trading_config_is_one_row_with_the_spec_defaults():
    config = TradingConfig.load()
    assert config.pk == 1
    assert (config.default_evaluation_window_sec, config.stale_quote_sec, config.feed_gap_sec) == (1800, 120, 60)
    assert (config.audit_horizon_sec, config.grader_poll_interval_sec) == (7200, D("0.5"))
    assert (config.capture_enabled, config.grading_enabled) == (True, True)
    TradingConfig(stale_quote_sec=30).save()  # saving another instance overwrites the one row
    assert TradingConfig.objects.count() == 1
    assert TradingConfig.load().stale_quote_sec == 30


def test_the_audit_horizon_must_cover_the_window():
    config = TradingConfig.load()
    config.audit_horizon_sec = 1799
    with pytest.raises(ValidationError) as error:
        config.full_clean()
    assert "audit_horizon_sec" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        config.save()
    assert TradingConfig.load().audit_horizon_sec == 7200


@pytest.mark.parametrize("field", ["stale_quote_sec", "feed_gap_sec", "default_evaluation_window_sec"])
def test_zero_seconds_is_refused(field):
    config = TradingConfig.load()
    setattr(config, field, 0)
    with pytest.raises(ValidationError) as error:
        config.full_clean()
    assert field in error.value.message_dict

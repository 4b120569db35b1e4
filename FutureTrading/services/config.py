"""The configuration the rules run with, read from the database on every call.

Admin edits therefore take effect on the next request or capture without a
restart (eleven rows; one query). Before `seed_symbol_config` has run the
SPEC §1 defaults are used, with a warning telling the operator to seed.
"""
import functools
import logging

from FutureTrading.models import SignalWeight, SymbolConfig, TradingConfig
from FutureTrading.rules.instruments import SPEC_INSTRUMENTS, InstrumentSpec
from FutureTrading.rules.signals import DEFAULT_SIGNAL_WEIGHTS, Signal
from FutureTrading.rules.symbols import alias_map

log = logging.getLogger(__name__)


@functools.cache
def _warn_unseeded() -> None:
    log.warning(
        "no instruments configured: using the SPEC defaults; run `manage.py seed_symbol_config` "
        "so they can be edited in the admin"
    )


def _configured_specs() -> list[tuple[InstrumentSpec, bool]]:
    """(spec, active) of every instrument, in display order."""
    rows = list(SymbolConfig.objects.all())
    if not rows:
        _warn_unseeded()
        return [(spec, True) for spec in SPEC_INSTRUMENTS]
    return [(row.to_spec(), row.active) for row in rows]


def instrument_specs() -> dict[str, InstrumentSpec]:
    """The active instruments by symbol, ordered by sort_order."""
    return {spec.symbol: spec for spec, active in _configured_specs() if active}


def aliases() -> dict[str, str]:
    """Feed spelling → symbol for every configured instrument.

    Inactive instruments are included on purpose: a feed that still sends a
    switched-off symbol must not get its whole batch rejected as unknown.
    """
    return alias_map(spec for spec, _ in _configured_specs())


def signal_weights() -> dict[Signal, int]:
    """Weight of each signal: the configured rows over the SPEC defaults."""
    configured = {Signal(signal): weight for signal, weight in SignalWeight.objects.values_list("signal", "weight")}
    return {**DEFAULT_SIGNAL_WEIGHTS, **configured}


def trading_config() -> TradingConfig:
    return TradingConfig.load()

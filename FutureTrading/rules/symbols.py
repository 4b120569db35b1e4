"""Symbol normalisation at the feed edge (SPEC §1).

Feeds spell instruments their own way ("/YM", "RT", "$DXY", "30YRBOND").
They are turned into Thor's symbol once, where quotes enter; nothing
downstream ever sees an alias.
"""
from collections.abc import Iterable, Mapping

from FutureTrading.rules.instruments import InstrumentSpec


class UnknownSymbol(ValueError):
    """A feed symbol that is neither an instrument nor one of its aliases."""


def _canonical(raw: str) -> str:
    text = raw.strip()
    if text.startswith("/"):
        text = text[1:]
    return text.upper()


def normalise_symbol(raw: str, aliases: Mapping[str, str]) -> str:
    """Thor's symbol for `raw`: strip, drop one leading "/", upper-case, apply aliases.

    `aliases` is the map from `alias_map` (it holds every symbol as its own alias).
    """
    if not isinstance(raw, str):
        raise UnknownSymbol(f"symbol must be text, got {raw!r}")
    key = _canonical(raw)
    if not key:
        raise UnknownSymbol(f"empty symbol {raw!r}")
    try:
        return aliases[key]
    except KeyError:
        raise UnknownSymbol(f"unknown symbol {raw!r}: not an instrument or a known feed alias") from None


def alias_map(specs: Iterable[InstrumentSpec] | Mapping[str, InstrumentSpec]) -> dict[str, str]:
    """Canonical feed spelling → symbol: each symbol maps to itself, each alias to its symbol.

    Raises ValueError when two instruments claim the same spelling, since a
    quote could then be filed under the wrong instrument.
    """
    if isinstance(specs, Mapping):
        specs = specs.values()
    result: dict[str, str] = {}
    for spec in specs:
        for spelling in (spec.symbol, *spec.aliases):
            key = _canonical(spelling)
            if not key:
                raise ValueError(f"feed symbol {spelling!r} of {spec.symbol} is empty once normalised")
            claimed = result.setdefault(key, spec.symbol)
            if claimed != spec.symbol:
                raise ValueError(f"feed symbol {spelling!r} of {spec.symbol} already belongs to {claimed}")
    return result

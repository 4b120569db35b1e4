"""Derived fields of one symbol's snapshot row (the seed's spreadsheet columns).

Each value is None when an input it needs is missing, never a guess: a
trader reading "range 0%" would believe the market was flat.
"""
from dataclasses import dataclass
from decimal import Decimal

HUNDRED = Decimal(100)
PERCENT_PLACES = Decimal("0.0001")


@dataclass(frozen=True)
class DerivedFields:
    spread: Decimal | None
    change_percent: Decimal | None
    open_vs_prev: Decimal | None
    open_vs_prev_percent: Decimal | None
    range_24h: Decimal | None
    range_24h_percent: Decimal | None
    range_52w: Decimal | None
    position_in_52w_percent: Decimal | None


def _percent(part: Decimal | None, whole: Decimal | None) -> Decimal | None:
    if part is None or whole is None or whole == 0:
        return None
    return (part / whole * HUNDRED).quantize(PERCENT_PLACES)


def _diff(a: Decimal | None, b: Decimal | None) -> Decimal | None:
    return None if a is None or b is None else a - b


def derive(*, bid, ask, last, change, prev_close, open, high_24h, low_24h, high_52w, low_52w) -> DerivedFields:
    """spread = ask − bid; open vs previous close in points and %; 24h range
    (high − low, and as % of low); 52-week range and where last sits in it (%)."""
    open_vs_prev = _diff(open, prev_close)
    range_24h = _diff(high_24h, low_24h)
    range_52w = _diff(high_52w, low_52w)
    return DerivedFields(
        spread=_diff(ask, bid),
        change_percent=_percent(change, prev_close),
        open_vs_prev=open_vs_prev,
        open_vs_prev_percent=_percent(open_vs_prev, prev_close),
        range_24h=range_24h,
        range_24h_percent=_percent(range_24h, low_24h),
        range_52w=range_52w,
        position_in_52w_percent=_percent(_diff(last, low_52w), range_52w),
    )

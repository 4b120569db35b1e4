"""Graded sessions and missed opens in one line, written straight through the ORM, for analytics tests.

    make_session("Japan", "2026-11-30", "BUY", "Worked", symbols={"ES": "STRONG_BUY"})
    make_missed("Japan", "2026-12-01", "no YM quote")

The open instant is the region's SPEC open on that local date; side, entry,
bracket, P&L and resolution follow from the signal and outcome unless given.
"""
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal as D

from MarketOpenCapture.models import TOTAL_SYMBOL, BacktestRun, FutureSnapshot, MarketOpenSession, MissedCapture
from timezones.rules.regions import SPEC_REGIONS

REGIONS = {spec.key: spec for spec in SPEC_REGIONS}
SYMBOLS = ("YM", "ES", "NQ", "RTY", "CL", "SI", "HG", "GC", "VX", "DX", "ZB")
PNL = {"Worked": D(100), "Didn't Work": D(-100), "Expired": D(0), "No Entry": D(0), "Error": D(0), "Pending": None}
RESOLVED_AFTER = {"Worked": 600, "Didn't Work": 900, "Expired": 1800, "No Entry": 0, "Error": 1800}
SIDE = {"STRONG_BUY": "BUY", "BUY": "BUY", "SELL": "SELL", "STRONG_SELL": "SELL"}
WEIGHT = {"STRONG_BUY": 2, "BUY": 1, "HOLD": 0, "SELL": -1, "STRONG_SELL": -2}


def open_of(region: str, day: date) -> datetime:
    spec = REGIONS[region]
    return datetime.combine(day, spec.open_local, spec.zone).astimezone(timezone.utc)


def make_session(region: str, day: str | date, signal: str = "BUY", outcome: str = "Worked", *,
                 pnl: D | None | str = "default", entry: str = "47388", open_at: datetime | None = None,
                 resolved_after_sec: float | None = None, symbols: dict[str, str] | None = None,
                 run: str | None = None, ambiguous: bool = False) -> MarketOpenSession:
    """A session graded `outcome`; `symbols` sets symbols' signals at the open (others HOLD)."""
    day = date.fromisoformat(day) if isinstance(day, str) else day
    open_at = open_at or open_of(region, day)
    side = SIDE.get(signal) if outcome != "No Entry" else None
    price = D(entry) if side else None
    step = D(20) if side == "BUY" else D(-20)
    after = RESOLVED_AFTER.get(outcome) if resolved_after_sec is None else resolved_after_sec
    session = MarketOpenSession.objects.create(
        run=BacktestRun.objects.get_or_create(name=run)[0] if run else None,
        region=region, trading_date=day, day_of_week=day.weekday(), open_at=open_at, captured_at=open_at,
        composite_signal=signal, signal_weight_sum=4 * WEIGHT[signal], weighted_average=D("12.5"),
        sum_weighted=D("2100"), instrument_count=11,
        ym_bid=D(entry) - 8, ym_ask=D(entry), ym_last=D(entry) - 4, ym_spread=D(8),
        entry_side=side, entry_price=price,
        target_price=price + step if side else None, stop_price=price - step if side else None,
        target_usd=D(100) if side else None, stop_usd=D(100) if side else None, evaluation_window_sec=1800,
        outcome=outcome, pnl_usd=PNL[outcome] if pnl == "default" else pnl,
        resolved_at=None if after is None else open_at + timedelta(seconds=after),
        ambiguous=ambiguous,
    )
    chosen = {symbol: "HOLD" for symbol in SYMBOLS} | (symbols or {})
    FutureSnapshot.objects.bulk_create([
        FutureSnapshot(session=session, symbol=symbol, row_order=order, signal=chosen[symbol],
                       signal_weight=WEIGHT[chosen[symbol]], bid=D(100 + order), ask=D(101 + order),
                       last=D(100 + order), change=D(order))
        for order, symbol in enumerate(SYMBOLS)
    ] + [FutureSnapshot(session=session, symbol=TOTAL_SYMBOL, row_order=len(SYMBOLS), signal=signal,
                        signal_weight_sum=4 * WEIGHT[signal], status="LIVE TOTAL")])
    return session


def make_missed(region: str, day: str | date, error: str = "feed down", *, attempts: int = 3,
                run: str | None = None) -> MissedCapture:
    """The failed capture of `region`'s SPEC open on `day`, after `attempts` tries."""
    day = date.fromisoformat(day) if isinstance(day, str) else day
    return MissedCapture.objects.create(run=BacktestRun.objects.get_or_create(name=run)[0] if run else None,
                                        region=region, trading_date=day, open_at=open_of(region, day),
                                        attempts=attempts, error=error)


def make_many(region: str, first_day: str, outcomes: list[str], signal: str = "BUY", **fields) -> list:
    """One session per outcome, on consecutive weekdays from `first_day`."""
    day, made = date.fromisoformat(first_day), []
    for outcome in outcomes:
        while day.weekday() > 4:
            day += timedelta(days=1)
        made.append(make_session(region, day, signal, outcome, **fields))
        day += timedelta(days=1)
    return made


def reader(django_user_model, username: str = "trader"):
    """An API client logged in (session auth) as a plain, non-staff user."""
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_login(django_user_model.objects.create(username=username))
    return client

"""Capture one regional open: the quotes as of T, the composite, the YM entry.

Every entry point (the listener, the Celery task, the manual API trigger,
replay) comes through `capture_open`, which is idempotent: the database's
unique constraint on (region, trading date) decides which of several racing
attempts stores the session; the others return it unchanged.
"""
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from FutureTrading.services.config import instrument_specs, signal_weights, trading_config
from LiveData.bus import get_bus
from LiveData.bus.base import QuoteBus
from LiveData.quotes import from_ms, to_ms
from MarketOpenCapture.models import (
    TOTAL_SYMBOL, BacktestRun, FutureSnapshot, MarketOpenSession, MissedCapture,
)
from MarketOpenCapture.rules.capture import CapturePlan, CaptureRefused, Policy, SymbolAtOpen, plan_capture
from MarketOpenCapture.rules.grading import grade_no_entry
from MarketOpenCapture.rules.outcomes import Outcome
from timezones.models import Market

log = logging.getLogger(__name__)

CAPTURE_ATTEMPTS = 3
CAPTURE_RETRY_DELAY_SEC = 2.0


@dataclass(frozen=True)
class CaptureResult:
    session: MarketOpenSession | None
    created: bool
    reason: str


def _existing(region: str, trading_date: date, run: BacktestRun | None) -> MarketOpenSession | None:
    return MarketOpenSession.objects.filter(region=region, trading_date=trading_date, run=run).first()


def evaluation_window_sec(region: str) -> int:
    override = Market.objects.filter(key=region).values_list("evaluation_window_sec", flat=True).first()
    return override or trading_config().default_evaluation_window_sec


def capture_open(
    region: str,
    trading_date: date,
    open_at: datetime,
    *,
    bus: QuoteBus | None = None,
    source: str = "listener",
    run: BacktestRun | None = None,
    policy: Policy = Policy.COMPOSITE,
    window_sec: int | None = None,
) -> CaptureResult:
    """Store the session of `region` on `trading_date` as of `open_at`, once.

    Raises CaptureRefused when the traded symbol has no usable quote at T
    (the caller retries, then records a MissedCapture). A replay may trade
    under another `policy` and with its own evaluation window (`window_sec`).
    """
    existing = _existing(region, trading_date, run)
    if existing is not None:
        log.info("open of %s on %s already captured (session %s): ignored", region, trading_date, existing.pk)
        return CaptureResult(existing, False, "already captured")

    bus = bus or get_bus()
    specs = instrument_specs()
    config = trading_config()
    open_ms = to_ms(open_at)
    quotes = {symbol: bus.as_of(symbol, open_ms) for symbol in specs}
    plan = plan_capture(open_ms, quotes, specs, stale_after_ms=config.stale_quote_sec * 1000,
                        weights=signal_weights(), policy=policy)
    try:
        with transaction.atomic():
            session = MarketOpenSession.objects.create(
                **_session_fields(plan, region, trading_date, open_at, source, run),
                evaluation_window_sec=window_sec or evaluation_window_sec(region),
            )
            FutureSnapshot.objects.bulk_create(_snapshot_rows(session, plan))
    except IntegrityError:
        winner = _existing(region, trading_date, run)
        if winner is None:
            raise
        log.info("open of %s on %s captured concurrently by another worker: ignored", region, trading_date)
        return CaptureResult(winner, False, "already captured")
    log.info("captured %s %s at %s: composite %s (%+d), %s", region, trading_date, open_at.isoformat(),
             plan.composite.signal, plan.composite.signal_weight_sum,
             f"{plan.entry.side} at {plan.entry.entry}" if plan.entry else "no entry")
    return CaptureResult(session, True, "captured")


def capture_with_retries(
    region: str,
    trading_date: date,
    open_at: datetime,
    *,
    attempts: int = CAPTURE_ATTEMPTS,
    delay_sec: float = CAPTURE_RETRY_DELAY_SEC,
    sleep: Callable[[float], None] = time.sleep,
    **kwargs,
) -> CaptureResult:
    """capture_open, retried `attempts` times `delay_sec` apart; then a MissedCapture row."""
    error = "no attempt made"
    for attempt in range(1, attempts + 1):
        try:
            return capture_open(region, trading_date, open_at, **kwargs)
        except CaptureRefused as exc:
            error = str(exc)
        except Exception as exc:  # the feed or bus is down: retry like a refusal, but keep the type
            log.exception("capture of %s %s failed", region, trading_date)
            error = f"{type(exc).__name__}: {exc}"
        log.warning("capture of %s at %s failed (attempt %d of %d): %s",
                    region, open_at.isoformat(), attempt, attempts, error)
        if attempt < attempts:
            sleep(delay_sec)
    return record_missed(region, trading_date, open_at, error, attempts, run=kwargs.get("run"))


def record_missed(region, trading_date, open_at, error, attempts, run=None) -> CaptureResult:
    missed, _ = MissedCapture.objects.get_or_create(
        region=region, open_at=open_at, run=run,
        defaults={"trading_date": trading_date, "attempts": attempts, "error": error},
    )
    log.error("MISSED capture of %s at %s: %s", region, open_at.isoformat(), missed.error)
    return CaptureResult(None, False, f"missed: {missed.error}")


def _session_fields(plan: CapturePlan, region, trading_date, open_at, source, run) -> dict:
    ym = plan.traded.quote
    entry = plan.entry
    composite = plan.composite
    return {
        "run": run,
        "region": region,
        "trading_date": trading_date,
        "day_of_week": trading_date.weekday(),
        "open_at": open_at,
        "captured_at": timezone.now(),
        "capture_source": source,
        "composite_signal": composite.signal,
        "signal_weight_sum": composite.signal_weight_sum,
        "weighted_average": composite.weighted_average,
        "sum_weighted": composite.sum_weighted,
        "instrument_count": composite.instrument_count,
        "ym_bid": ym.bid,
        "ym_ask": ym.ask,
        "ym_last": ym.last,
        "ym_spread": ym.ask - ym.bid,
        "entry_side": entry.side if entry else None,
        "entry_price": entry.entry if entry else None,
        "target_price": entry.target if entry else None,
        "stop_price": entry.stop if entry else None,
        "target_ticks": entry.target_ticks if entry else None,
        "stop_ticks": entry.stop_ticks if entry else None,
        "target_usd": entry.target_usd if entry else None,
        "stop_usd": entry.stop_usd if entry else None,
        **(_pending() if entry else _no_entry(plan.open_ms)),
    }


def _pending() -> dict:
    return {"outcome": Outcome.PENDING}


def _no_entry(open_ms: int) -> dict:
    """HOLD is resolved at capture: no trade, nothing to grade."""
    result = grade_no_entry(open_ms)
    return {"outcome": result.outcome, "pnl_usd": result.pnl_usd, "resolved_at": from_ms(result.resolved_at_ms),
            "outcome_reason": result.reason, "grader_version": result.grader_version}


def _snapshot_rows(session: MarketOpenSession, plan: CapturePlan) -> list[FutureSnapshot]:
    rows = [_symbol_row(session, order, row) for order, row in enumerate(plan.rows)]
    composite = plan.composite
    rows.append(FutureSnapshot(
        session=session,
        symbol=TOTAL_SYMBOL,
        row_order=len(rows),
        quote_at=from_ms(plan.open_ms),
        signal=composite.signal,
        signal_weight_sum=composite.signal_weight_sum,
        weighted_average=composite.weighted_average,
        sum_weighted=composite.sum_weighted,
        instrument_count=composite.instrument_count,
        status=composite.status,
    ))
    return rows


def _symbol_row(session: MarketOpenSession, order: int, row: SymbolAtOpen) -> FutureSnapshot:
    quote, reading, spec, trade = row.quote, row.reading, row.spec, row.trade
    fields = {}
    if quote is not None:
        fields = {name: getattr(quote, name) for name in (
            "last", "bid", "bid_size", "ask", "ask_size", "volume", "vwap", "open",
            "prev_close", "high_24h", "low_24h", "high_52w", "low_52w")}
        fields["change"] = quote.net_change
        fields["quote_at"] = quote.ts
        fields["quote_age_sec"] = row.age_ms / 1000
        fields.update(vars(row.derived))
    if trade is not None:
        fields.update(
            trade_side=trade.side, trade_entry=trade.entry, trade_target=trade.target,
            trade_stop=trade.stop, trade_target_ticks=trade.target_ticks,
            trade_stop_ticks=trade.stop_ticks, trade_target_usd=trade.target_usd,
            trade_stop_usd=trade.stop_usd, trade_outcome=Outcome.PENDING,
        )
    return FutureSnapshot(
        session=session,
        symbol=spec.symbol,
        row_order=order,
        stale=row.stale,
        excluded_reason=reading.excluded_reason or "",
        signal=reading.signal or "",
        signal_weight=reading.signal_weight,
        stat_value=reading.stat_value,
        contract_weight=spec.contract_weight,
        tick_size=spec.tick_size,
        tick_value=spec.tick_value,
        **fields,
    )

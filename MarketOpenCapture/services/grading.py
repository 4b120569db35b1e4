"""The live grader: first touch on the complete quote stream, recorded once.

Each step re-reads the traded symbol's quotes from the open from the bus and
applies the one grading function, so the outcome depends only on quote
timestamps, never on when (or how often, or in which process) the step ran.
Recording is a conditional UPDATE from Pending, so two graders racing, a
Celery retry or a restarted worker all end in the one outcome.

After the window is decided, the same step grades the theoretical trades of
the other symbols, and once the audit horizon has passed it stores the
traded symbol's path for re-grading and what-if.
"""
import logging
from dataclasses import dataclass

import numpy as np

from FutureTrading.services.config import trading_config
from LiveData.bus.base import QuoteBus
from LiveData.quotes import from_ms, to_ms
from MarketOpenCapture.models import AuditTrail, FutureSnapshot, MarketOpenSession
from MarketOpenCapture.rules.capture import TRADED_SYMBOL
from MarketOpenCapture.rules.grading import QuotePath, TradeSpec
from MarketOpenCapture.rules.outcomes import GradeResult, Outcome
from MarketOpenCapture.services.audit import bus_path, store_audit

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class GradingParams:
    feed_gap_ms: int
    audit_horizon_ms: int

    @classmethod
    def current(cls) -> "GradingParams":
        config = trading_config()
        return cls(feed_gap_ms=config.feed_gap_sec * 1000,
                   audit_horizon_ms=max(config.audit_horizon_sec, 0) * 1000)


def open_ms(session: MarketOpenSession) -> int:
    return to_ms(session.open_at)


def session_trade(session: MarketOpenSession) -> TradeSpec:
    return TradeSpec(
        side=session.entry_side, entry=session.entry_price, target=session.target_price, stop=session.stop_price,
        open_ms=open_ms(session), window_ms=session.evaluation_window_sec * 1000,
        target_usd=session.target_usd, stop_usd=session.stop_usd,
    )


def snapshot_trade(session: MarketOpenSession, row: FutureSnapshot) -> TradeSpec:
    return TradeSpec(
        side=row.trade_side, entry=row.trade_entry, target=row.trade_target, stop=row.trade_stop,
        open_ms=open_ms(session), window_ms=session.evaluation_window_sec * 1000,
        target_usd=row.trade_target_usd, stop_usd=row.trade_stop_usd,
    )


class StreamCursor:
    """The quotes a process has already read for one symbol since one open.

    A live grader looks every 0.5 s; re-reading 30 minutes of quotes each
    time would cost more than the look itself. The cursor reads only what is
    new, from the newest timestamp it holds (inclusive: the bus keeps quotes
    of equal timestamp in arrival order, so one that arrives later with the
    same stamp is still found). Anything unexpected means a full re-read:
    the cursor saves work, never changes what grading sees.
    """

    def __init__(self, after_ms: int):
        self.after_ms = after_ms
        self.ts = np.empty(0, dtype=np.int64)
        self.bid = np.empty(0, dtype=np.int64)
        self.ask = np.empty(0, dtype=np.int64)

    def read(self, bus: QuoteBus, symbol: str, until_ms: int) -> QuotePath:
        if len(self.ts) == 0:
            self.ts, self.bid, self.ask = bus_path(bus, symbol, self.after_ms, until_ms)
        elif until_ms > self.ts[-1]:
            newest = int(self.ts[-1])
            held = int(np.count_nonzero(self.ts == newest))
            ts, bid, ask = bus_path(bus, symbol, newest - 1, until_ms)
            if np.count_nonzero(ts == newest) < held:  # the bus lost what we hold: start again
                self.ts, self.bid, self.ask = bus_path(bus, symbol, self.after_ms, until_ms)
            else:
                self.ts = np.concatenate([self.ts, ts[held:]])
                self.bid = np.concatenate([self.bid, bid[held:]])
                self.ask = np.concatenate([self.ask, ask[held:]])
        keep = int(np.searchsorted(self.ts, until_ms, side="right"))
        return QuotePath(self.ts[:keep], self.bid[:keep], self.ask[:keep])


# This process's cursors, by (bus, session, symbol); dropped when a session is done.
_cursors: dict[tuple[int, int, str], StreamCursor] = {}


def _path(bus: QuoteBus, symbol: str, trade: TradeSpec, params: GradingParams, now_ms: int,
          session_id: int | None = None) -> QuotePath:
    # A quote past the window's end (or feed_gap after it) is all grading can use.
    until = max(min(now_ms, trade.window_end_ms + params.feed_gap_ms), trade.open_ms)
    if session_id is None:
        return QuotePath(*bus_path(bus, symbol, trade.open_ms, until))
    cursor = _cursors.setdefault((id(bus), session_id, symbol), StreamCursor(trade.open_ms))
    return cursor.read(bus, symbol, until)


def forget_cursors(session_id: int) -> None:
    for key in [key for key in _cursors if key[1] == session_id]:
        del _cursors[key]


def record_outcome(session_id: int, result: GradeResult) -> bool:
    """Store a final outcome if the session is still Pending; False if another grader did first."""
    changed = MarketOpenSession.objects.filter(pk=session_id, outcome=Outcome.PENDING).update(
        outcome=result.outcome, pnl_usd=result.pnl_usd, resolved_at=from_ms(result.resolved_at_ms),
        resolution_price=result.resolution_price, outcome_reason=result.reason[:200],
        ambiguous=result.ambiguous, grader_version=result.grader_version,
    )
    return changed == 1


def record_trade_outcome(row_id: int, result: GradeResult) -> bool:
    """Store the outcome of a snapshot row's theoretical trade if it is still Pending."""
    changed = FutureSnapshot.objects.filter(pk=row_id, trade_outcome=Outcome.PENDING).update(
        trade_outcome=result.outcome, trade_pnl_usd=result.pnl_usd,
        trade_resolved_at=from_ms(result.resolved_at_ms))
    return changed == 1


def _grade_traded(session, bus, params, now_ms) -> bool:
    trade = session_trade(session)
    result = _path(bus, TRADED_SYMBOL, trade, params, now_ms, session.pk).grade(
        trade, observed_until_ms=now_ms, feed_gap_ms=params.feed_gap_ms)
    if result is None:
        return False
    if record_outcome(session.pk, result):
        log.info("graded %s %s: %s (%s) at %s, P&L %s", session.region, session.trading_date, result.outcome,
                 result.reason, from_ms(result.resolved_at_ms).isoformat(), result.pnl_usd)
    return True


def _grade_theoretical(session, bus, params, now_ms) -> bool:
    """Grade every pending theoretical trade once its window can be decided."""
    done = True
    rows = session.snapshots.filter(trade_outcome=Outcome.PENDING)
    for row in rows:
        trade = snapshot_trade(session, row)
        result = _path(bus, row.symbol, trade, params, now_ms).grade(
            trade, observed_until_ms=now_ms, feed_gap_ms=params.feed_gap_ms)
        if result is None:
            done = False
            continue
        record_trade_outcome(row.pk, result)
    return done


def grade_step(session: MarketOpenSession, bus: QuoteBus, now_ms: int, params: GradingParams | None = None) -> bool:
    """One look at one session; True when nothing is left to do for it."""
    params = params or GradingParams.current()
    resolved = session.outcome != Outcome.PENDING or _grade_traded(session, bus, params, now_ms)
    if resolved:
        forget_cursors(session.pk)
    # The other symbols' trades are analytics, not live: graded in one read once
    # their common window is surely decided, instead of at every look.
    window_decided = now_ms >= open_ms(session) + session.evaluation_window_sec * 1000 + params.feed_gap_ms
    theoretical = window_decided and _grade_theoretical(session, bus, params, now_ms)
    horizon_end = open_ms(session) + max(params.audit_horizon_ms, session.evaluation_window_sec * 1000)
    audited = AuditTrail.objects.filter(session=session).exists()
    # Kept once a quote stamped before the horizon can no longer arrive (a feed later than
    # feed_gap is a gap anyway): what-if trusts a trail to hold every quote up to its end.
    if not audited and now_ms > horizon_end + params.feed_gap_ms:
        store_audit(session, bus, TRADED_SYMBOL, horizon_end - open_ms(session))
        audited = True
    finished = resolved and theoretical and audited
    if finished:
        MarketOpenSession.objects.filter(pk=session.pk).update(grading_done=True)
    return finished


def sessions_to_grade():
    """Live sessions with work left: a pending outcome, theoretical trades or the audit trail."""
    return MarketOpenSession.objects.filter(run=None, grading_done=False).order_by("open_at")


def grade_due(bus: QuoteBus, now_ms: int) -> int:
    """One pass over every session with work left; returns how many are finished."""
    if not trading_config().grading_enabled:
        log.warning("grading is switched off in the trading config: %d sessions wait",
                    sessions_to_grade().count())
        return 0
    params = GradingParams.current()
    finished = 0
    for session in sessions_to_grade():
        try:
            finished += grade_step(session, bus, now_ms, params)
        except Exception:
            log.exception("grading session %s (%s %s) failed; will retry", session.pk, session.region,
                          session.trading_date)
    return finished

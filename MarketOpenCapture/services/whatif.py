"""What-if: re-grade stored sessions from their audit trails with another bracket, window or policy (SPEC §6).

Each session's YM trade is rebuilt with the asked dollars (whole ticks via
`bracket`, from the session's own entry, side and tick size), window and
policy, and graded by the one grading function on the audit trail: the
traded symbol's quotes from the open to the audit horizon. A trail is
complete up to its end, so every window that fits in it is decided. The
recorded outcomes are only read, never written. Both sides are summed up
alike (`rules.stats.summarize`), over the same sessions, with regions that
opened at the same instant taking one trade (SPEC §6 pooling).
"""
import dataclasses
from dataclasses import asdict, dataclass
from decimal import Decimal

from django.db.models import QuerySet

from FutureTrading.rules.bracket import Side, bracket, entry_price
from FutureTrading.rules.instruments import InstrumentSpec
from FutureTrading.services.config import instrument_specs, trading_config
from LiveData.quotes import to_ms
from MarketOpenCapture.models import FutureSnapshot, MarketOpenSession
from MarketOpenCapture.rules.capture import TRADED_SYMBOL, Policy, trade_side
from MarketOpenCapture.rules.grading import TradeSpec, grade_no_entry
from MarketOpenCapture.rules.outcomes import GradeResult, Outcome
from MarketOpenCapture.rules.stats import Summary, TradeRecord, summarize
from MarketOpenCapture.services.audit import unpack

FIELDS = (
    "pk", "region", "trading_date", "open_at", "composite_signal", "entry_side", "entry_price", "target_price",
    "stop_price", "target_usd", "stop_usd", "ym_bid", "ym_ask", "evaluation_window_sec", "outcome", "pnl_usd",
    "ambiguous", "audit__start_ms", "audit__end_ms", "audit__data",
)
POOLED_NOTE = ("Regions opening at the same instant (London and Amsterdam) take one YM trade: "
               "it counts once on each side.")


class WhatIfError(ValueError):
    """A what-if question that cannot be asked (bad dollars, window or policy)."""


@dataclass(frozen=True)
class Question:
    """What changes; None keeps each session's own value (its dollars, window, side)."""

    target_usd: Decimal | None = None
    stop_usd: Decimal | None = None
    window_sec: int | None = None
    policy: Policy | None = None

    def __post_init__(self):
        for name in ("target_usd", "stop_usd"):
            value = getattr(self, name)
            if value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, Decimal | int):
                raise WhatIfError(f"{name} must be a Decimal amount of dollars, got {type(value).__name__} {value!r}")
            if not Decimal(value).is_finite() or value <= 0:
                raise WhatIfError(f"{name} must be a positive amount of dollars, got {value}")
            object.__setattr__(self, name, Decimal(value))
        window = self.window_sec
        if window is not None and (isinstance(window, bool) or not isinstance(window, int) or window <= 0):
            raise WhatIfError(f"window_sec must be a positive whole number of seconds, got {window!r}")
        if self.policy is not None:
            try:
                object.__setattr__(self, "policy", Policy(self.policy))
            except ValueError:
                raise WhatIfError(f"unknown policy {self.policy!r}; choose one of {', '.join(Policy)}") from None


@dataclass(frozen=True)
class _Session:
    """A session as a values_list row."""

    pk: int
    region: str
    trading_date: object
    open_at: object
    composite_signal: str
    entry_side: str | None
    entry_price: Decimal | None
    target_price: Decimal | None
    stop_price: Decimal | None
    target_usd: Decimal | None
    stop_usd: Decimal | None
    ym_bid: Decimal | None
    ym_ask: Decimal | None
    evaluation_window_sec: int
    outcome: str
    pnl_usd: Decimal | None
    ambiguous: bool
    trail_start_ms: int | None
    trail_end_ms: int | None
    trail: bytes | None


class _Specs:
    """YM's spec with the tick size and value each session was captured with (one per distinct pair)."""

    def __init__(self, sessions: QuerySet):
        self.current = instrument_specs().get(TRADED_SYMBOL)
        rows = FutureSnapshot.objects.filter(session__in=sessions.values("pk"), symbol=TRADED_SYMBOL)
        self.ticks = {pk: (size, value) for pk, size, value in rows.values_list("session_id", "tick_size", "tick_value")}
        self._made: dict[tuple, InstrumentSpec] = {}

    def of(self, session_id: int) -> InstrumentSpec:
        if self.current is None:
            raise WhatIfError(f"{TRADED_SYMBOL} is not an active instrument")
        ticks = self.ticks.get(session_id)
        if ticks is None or None in ticks:
            return self.current
        if ticks not in self._made:
            self._made[ticks] = dataclasses.replace(self.current, tick_size=ticks[0], tick_value=ticks[1])
        return self._made[ticks]


def _trade(session: _Session, question: Question, spec: InstrumentSpec, open_ms: int) -> TradeSpec | None:
    """The YM trade the question asks about (None: no entry)."""
    if question.policy is None:
        side = Side(session.entry_side) if session.entry_side else None
    else:
        side = trade_side(session.composite_signal, question.policy)
    if side is None:
        return None
    recorded = session.entry_side == side and session.entry_price is not None
    entry = session.entry_price if recorded else entry_price(side, session.ym_bid, session.ym_ask)
    target_usd = question.target_usd or (session.target_usd if recorded else None)
    stop_usd = question.stop_usd or (session.stop_usd if recorded else None)
    window_sec = question.window_sec or session.evaluation_window_sec
    return TradeSpec.for_bracket(bracket(side, entry, spec, target_usd, stop_usd), open_ms=open_ms,
                                 window_ms=window_sec * 1000)


def _skip(session: _Session, reason: str) -> dict:
    return {"session": session.pk, "region": session.region, "trading_date": session.trading_date.isoformat(),
            "reason": reason}


def _regrade(session: _Session, trade: TradeSpec | None, open_ms: int, feed_gap_ms: int) -> GradeResult | str:
    """The what-if result of `trade`, or why the session cannot answer."""
    if trade is None:
        return grade_no_entry(open_ms)
    if session.trail is None:
        return "no audit trail (not graded to its horizon yet, or replayed from bars)"
    covered_ms = session.trail_end_ms - session.trail_start_ms
    if trade.window_ms > covered_ms:
        return f"the audit trail covers {covered_ms // 1000} s, the window is {trade.window_ms // 1000} s"
    # The trail holds every quote up to its end: any window inside it is decided.
    return unpack(session.trail).grade(trade, observed_until_ms=session.trail_end_ms + feed_gap_ms,
                                       feed_gap_ms=feed_gap_ms)


def _summary(records: list[tuple[TradeRecord, bool]]) -> dict:
    distinct: dict[TradeRecord, bool] = {}
    for record, ambiguous in records:
        distinct.setdefault(record, ambiguous)  # pooling, as rules.stats.pooled: the same trade counts once
    summary: Summary = summarize([record.outcome for record in distinct], [record.pnl for record in distinct],
                                 list(distinct.values()))
    return asdict(summary)


def whatif(sessions: QuerySet[MarketOpenSession], target_usd: Decimal | None = None, stop_usd: Decimal | None = None,
           window_sec: int | None = None, policy: Policy | str | None = None) -> dict:
    """Recorded vs what-if statistics of `sessions`, side by side, over the sessions both can grade.

    Raises WhatIfError for a bad question before reading anything. Sessions
    without a usable audit trail (none yet, bars, or shorter than the
    window) are left out of both sides and listed in `skipped`.
    """
    question = Question(target_usd, stop_usd, window_sec, policy)
    feed_gap_ms = trading_config().feed_gap_sec * 1000
    specs = _Specs(sessions)
    recorded, alternative, skipped = [], [], []
    for row in sessions.order_by("open_at", "region").values_list(*FIELDS).iterator(chunk_size=1000):
        session = _Session(*row)
        open_ms = to_ms(session.open_at)
        trade = _trade(session, question, specs.of(session.pk), open_ms)
        result = _regrade(session, trade, open_ms, feed_gap_ms)
        if isinstance(result, str):
            skipped.append(_skip(session, result))
            continue
        was = (session.entry_side, session.entry_price, session.target_price, session.stop_price)
        recorded.append((TradeRecord(open_ms, *was, Outcome(session.outcome), session.pnl_usd), session.ambiguous))
        now = (None,) * 4 if trade is None else (str(trade.side), trade.entry, trade.target, trade.stop)
        alternative.append((TradeRecord(open_ms, *now, result.outcome, result.pnl_usd), result.ambiguous))
    return {
        "recorded": _summary(recorded),
        "whatif": _summary(alternative),
        "sessions": len(recorded),
        "skipped": skipped,
        "parameters": {"target_usd": question.target_usd, "stop_usd": question.stop_usd,
                       "window_sec": question.window_sec, "policy": question.policy and str(question.policy)},
        "pooled": POOLED_NOTE,
    }

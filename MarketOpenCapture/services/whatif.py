"""What-if: re-grade stored sessions from their audit trails with another bracket, window or policy (SPEC §6).

Each session's YM trade is rebuilt with the asked dollars (whole ticks via
`bracket`, from the session's own entry, side and tick size), window and
policy, and graded on the audit trail: the traded symbol's quotes from the
open to the audit horizon. A trail is complete up to its end, so every
window that fits in it is decided. The recorded outcomes are only read,
never written. Both sides are summed up alike (`rules.stats`), over the same
sessions, with regions that opened at the same instant taking one trade
(SPEC §6 pooling).

Speed (bench/whatif.py: 10,000 sessions in about half a second): one
query; the grading reads each trail's first-touch index
(rules/touch_index.py, held to the grader by its property test), never the
quotes; whole ticks are worked out once per distinct tick value and
dollars and applied to each entry in exact scaled ints; no datetime, model
or dataclass per row.
"""
import dataclasses
from collections import Counter
from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import NamedTuple

from django.db.models import BinaryField, Case, CharField, F, FilteredRelation, Q, QuerySet, When
from django.db.models.functions import Cast

from FutureTrading.rules.bracket import Side, bracket, entry_price
from FutureTrading.rules.instruments import InstrumentSpec
from FutureTrading.services.config import instrument_specs, trading_config
from MarketOpenCapture.models import MarketOpenSession
from MarketOpenCapture.rules.capture import TRADED_SYMBOL, Policy, trade_side
from MarketOpenCapture.rules.outcomes import ENTRIES, ZERO, Outcome, pnl_of
from MarketOpenCapture.rules.scaled import to_scaled
from MarketOpenCapture.rules.stats import summary_from_counts
from MarketOpenCapture.rules.touch_index import TouchIndex
from MarketOpenCapture.services.audit import unpack, unpack_index

POOLED_NOTE = ("Regions opening at the same instant (London and Amsterdam) take one YM trade: "
               "it counts once on each side.")
NO_TRAIL = "no audit trail (not graded to its horizon yet, or replayed from bars)"
# Far beyond any bracket a trader asks about; larger dollars only put the bracket past the prices the
# grader holds (rules/scaled.py), and a 1e999999 took the server a minute to refuse.
MAX_USD = Decimal(1_000_000)


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
            if not Decimal(value).is_finite() or not 0 < value <= MAX_USD:
                raise WhatIfError(f"{name} must be a positive amount of dollars up to {MAX_USD:,}, got {value}")
            object.__setattr__(self, name, Decimal(value))
        window = self.window_sec
        if window is not None and (isinstance(window, bool) or not isinstance(window, int) or window <= 0):
            raise WhatIfError(f"window_sec must be a positive whole number of seconds, got {window!r}")
        if self.policy is not None:
            try:
                object.__setattr__(self, "policy", Policy(self.policy))
            except ValueError:
                raise WhatIfError(f"unknown policy {self.policy!r}; choose one of {', '.join(Policy)}") from None


class _Session(NamedTuple):
    """A session as a values_list row (FIELDS)."""

    pk: int
    region: str
    trading_date: object
    open_key: str  # the open instant as text: only compared (pooling), never loaded as a datetime
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
    touch_index: bytes | None
    unindexed_trail: bytes | None  # the quotes, only for a trail stored before its index was
    tick_size: Decimal | None  # as captured (YM's snapshot row)
    tick_value: Decimal | None


FIELDS = (*_Session._fields[:-6], "audit__start_ms", "audit__end_ms", "audit__touch_index", "unindexed_trail",
          "ym__tick_size", "ym__tick_value")


def _rows(sessions: QuerySet):
    """The FIELDS of `sessions` in time order, in one query.

    The open instant comes as text: loading 10,000 datetimes costs more than the grading, and
    pooling only compares them. The trail starts at the open (store_audit): the window starts there.
    """
    unindexed = Case(When(audit__touch_index__isnull=True, then=F("audit__data")), output_field=BinaryField())
    return (sessions.alias(ym=FilteredRelation("snapshots", condition=Q(snapshots__symbol=TRADED_SYMBOL)))
            .annotate(open_key=Cast("open_at", CharField()), unindexed_trail=unindexed)
            .order_by("open_at", "region").values_list(*FIELDS).iterator(chunk_size=2000))


class _Brackets:
    """YM's whole-tick brackets, with the tick size and value each session was captured with.

    Whole ticks depend on the dollars and the tick value, not on the entry, so `bracket` works
    them out once per distinct (ticks, side, dollars); each entry gets them as scaled-int offsets.
    """

    def __init__(self):
        self.current = instrument_specs().get(TRADED_SYMBOL)
        self._offsets: dict[tuple, tuple[int, int, Decimal, Decimal]] = {}

    def _spec(self, tick_size: Decimal | None, tick_value: Decimal | None) -> InstrumentSpec:
        if self.current is None:
            raise WhatIfError(f"{TRADED_SYMBOL} is not an active instrument")
        if tick_size is None or tick_value is None:
            return self.current
        return dataclasses.replace(self.current, tick_size=tick_size, tick_value=tick_value)

    def of(self, session: _Session, side: Side, entry: Decimal, target_usd: Decimal | None,
           stop_usd: Decimal | None) -> tuple[int, int, int, Decimal, Decimal]:
        """Scaled entry, target and stop of `session`'s trade entered at `entry`, and the dollars they are worth."""
        key = (session.tick_size, session.tick_value, side, target_usd, stop_usd)
        if key not in self._offsets:
            made = bracket(side, entry, self._spec(session.tick_size, session.tick_value), target_usd, stop_usd)
            at = to_scaled(made.entry)
            self._offsets[key] = (to_scaled(made.target) - at, to_scaled(made.stop) - at,
                                  made.target_usd, made.stop_usd)
        to_target, to_stop, target_dollars, stop_dollars = self._offsets[key]
        at = to_scaled(entry)
        return at, at + to_target, at + to_stop, target_dollars, stop_dollars


def _skip(session: _Session, reason: str) -> dict:
    return {"session": session.pk, "region": session.region, "trading_date": session.trading_date.isoformat(),
            "reason": reason}


# A trade as pooling compares it: rules.stats.TradeRecord's fields but the open, (side, entry, target, stop,
# outcome, pnl), in a plain tuple; equal exactly when the records are.
Trade = tuple


class _Tally:
    """Outcome counts and total P&L of one side, for rules.stats's figures.

    Pooling as rules.stats.pooled and History's figures (SPEC §6): an entered trade that regions
    opening at the same instant share counts once, with the ambiguous flag it was first seen with;
    every session counts in total_sessions. Only sessions opening at the same instant can share a
    trade, and rows come in open order, so the trades of the current instant are all there is to
    remember.
    """

    def __init__(self):
        self.counts: Counter[str] = Counter()
        self.total_pnl, self.ambiguous, self.sessions = ZERO, 0, 0
        self._open, self._seen = None, []

    def add(self, open_key: str, trade: Trade, ambiguous: bool) -> None:
        self.sessions += 1
        if open_key != self._open:
            self._open, self._seen = open_key, []
        *_, outcome, pnl = trade
        if outcome in ENTRIES:
            if trade in self._seen:
                return
            self._seen.append(trade)
            self.total_pnl += pnl
        self.counts[outcome] += 1
        self.ambiguous += ambiguous

    def summary(self) -> dict:
        counts = {Outcome(outcome): count for outcome, count in self.counts.items()}
        return asdict(summary_from_counts(counts, self.total_pnl, self.ambiguous, self.sessions))


_SIDES = {str(side): side for side in Side}


def _regrade(session: _Session, question: Question, brackets: _Brackets, feed_gap_ms: int) -> Trade | str:
    """The what-if trade of `session` with its outcome, or why the session cannot answer."""
    if question.policy is None:
        side = _SIDES[session.entry_side] if session.entry_side else None
    else:
        side = trade_side(session.composite_signal, question.policy)
    if side is None:
        return (None, None, None, None, Outcome.NO_ENTRY, ZERO)
    if session.trail_start_ms is None:
        return NO_TRAIL
    covered_ms = session.trail_end_ms - session.trail_start_ms
    window_ms = (question.window_sec or session.evaluation_window_sec) * 1000
    if window_ms > covered_ms:
        return f"the audit trail covers {covered_ms // 1000} s, the window is {window_ms // 1000} s"
    if session.touch_index is None:
        index = TouchIndex.build(unpack(session.unindexed_trail), session.trail_start_ms)
    else:
        index = unpack_index(session.touch_index)
    recorded = session.entry_side == side and session.entry_price is not None
    entry = session.entry_price if recorded else entry_price(side, session.ym_bid, session.ym_ask)
    entry, target, stop, target_usd, stop_usd = brackets.of(
        session, side, entry, question.target_usd or (session.target_usd if recorded else None),
        question.stop_usd or (session.stop_usd if recorded else None))
    # The trail holds every quote up to its end: any window inside it is decided.
    outcome = index.decide(side, target, stop, session.trail_start_ms + window_ms,
                           observed_until_ms=session.trail_end_ms + feed_gap_ms, feed_gap_ms=feed_gap_ms).outcome
    # Prices as exact scaled ints, equal exactly when the Decimals are.
    return (side, entry, target, stop, outcome, pnl_of(outcome, target_usd, stop_usd))


def whatif(sessions: QuerySet[MarketOpenSession], target_usd: Decimal | None = None, stop_usd: Decimal | None = None,
           window_sec: int | None = None, policy: Policy | str | None = None) -> dict:
    """Recorded vs what-if statistics of `sessions`, side by side, over the sessions both can grade.

    Raises WhatIfError for a bad question before reading anything. Sessions
    without a usable audit trail (none yet, bars, or shorter than the
    window) are left out of both sides and listed in `skipped`.
    """
    question = Question(target_usd, stop_usd, window_sec, policy)
    feed_gap_ms = trading_config().feed_gap_sec * 1000
    brackets = _Brackets()
    recorded, alternative = _Tally(), _Tally()
    graded, skipped = 0, []
    for row in _rows(sessions):
        session = _Session._make(row)
        now = _regrade(session, question, brackets, feed_gap_ms)
        if isinstance(now, str):
            skipped.append(_skip(session, now))
            continue
        graded += 1
        was = (session.entry_side, session.entry_price, session.target_price, session.stop_price, session.outcome,
               session.pnl_usd)
        recorded.add(session.open_key, was, session.ambiguous)
        alternative.add(session.open_key, now, False)  # graded on quotes, which are never ambiguous
    return {
        "recorded": recorded.summary(),
        "whatif": alternative.summary(),
        "sessions": graded,
        "skipped": skipped,
        "parameters": {"target_usd": question.target_usd, "stop_usd": question.stop_usd,
                       "window_sec": question.window_sec, "policy": question.policy and str(question.policy)},
        "pooled": POOLED_NOTE,
    }

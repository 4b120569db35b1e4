"""The query side of SPEC §6: which sessions a filter selects, and what they add up to.

Ten years of sessions are added up by the database, never read row by row
into Python: one query per request counts sessions, P&L and resolution
times by outcome for each wanted grouping (region, weekday, signal, month,
trading day, and each symbol's signal at the open). Rates, intervals, EV,
"best", the predictor rows and the equity curve come from `rules.stats`.

Pooling (SPEC §6): regions opening at the same instant (London and
Amsterdam) take the same YM trade. Every figure but a region's own counts a
trade once; "the same trade" is exactly `rules.stats.TradeRecord` equality,
evaluated in SQL by numbering the copies of each record (the first region in
key order keeps it). A region's figures count every copy it holds.
"""
from dataclasses import dataclass, field, fields
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import connection
from django.db.models import F, FloatField, Func, IntegerField, Q, QuerySet, Value, Window
from django.db.models.functions import Cast, Coalesce, Round, RowNumber

from MarketOpenCapture.models import TOTAL_SYMBOL, WEEKDAY_CHOICES, FutureSnapshot, MarketOpenSession, MissedCapture
from MarketOpenCapture.rules.outcomes import ENTRIES, Outcome
from MarketOpenCapture.rules.stats import (
    predictor_rows_from_tallies,
    summary_from_counts,
    PredictorRow,
    Summary,
    TradeRecord,
    best_by,
    equity_curve,
    max_drawdown,
)
from timezones.models import Market

DEFAULT_MIN_SAMPLE = 5
BEST_METRIC = "expected_value"
SIGNAL_ORDER = ("STRONG_BUY", "BUY", "HOLD", "SELL", "STRONG_SELL")
WEEKDAYS = dict(WEEKDAY_CHOICES)
DECIDED = frozenset({Outcome.WORKED, Outcome.DIDNT_WORK})
MANY_COMPARISONS_NOTE = (
    "Each row is one of many symbol × signal comparisons made at once, so a few will look strong "
    "(or weak) by chance alone: read the 95% interval and the sample size, not the hit rate by itself."
)


# --- Which sessions -------------------------------------------------------------------------------

@dataclass(frozen=True)
class SessionFilter:
    """Which sessions a question is about; empty tuples mean "any"."""

    regions: tuple[str, ...] = ()
    days_of_week: tuple[int, ...] = ()  # 0 = Monday
    start_date: date | None = None
    end_date: date | None = None
    outcomes: tuple[str, ...] = ()
    signals: tuple[str, ...] = ()  # composite signal at the open
    run: str | None = None  # a backtest run's name; None: live sessions only

    def __post_init__(self):
        if self.start_date and self.end_date and self.start_date > self.end_date:
            raise ValueError(f"start date {self.start_date} is after end date {self.end_date}")


def _narrowed(rows: QuerySet, query: SessionFilter, lookups: dict) -> QuerySet:
    rows = rows.filter(run__isnull=True) if query.run is None else rows.filter(run__name=query.run)
    return rows.filter(**{lookup: value for lookup, value in lookups.items() if value})


def filter_sessions(query: SessionFilter) -> QuerySet[MarketOpenSession]:
    return _narrowed(MarketOpenSession.objects.all(), query, {
        "region__in": query.regions,
        "day_of_week__in": query.days_of_week,
        "trading_date__gte": query.start_date,
        "trading_date__lte": query.end_date,
        "outcome__in": query.outcomes,
        "composite_signal__in": query.signals,
    })


def filter_missed(query: SessionFilter) -> QuerySet[MissedCapture]:
    """Missed opens by region, date range and run (the other filters describe sessions)."""
    return _narrowed(MissedCapture.objects.all(), query, {
        "region__in": query.regions,
        "trading_date__gte": query.start_date,
        "trading_date__lte": query.end_date,
    })


def region_zones() -> dict[str, ZoneInfo]:
    return {key: ZoneInfo(zone) for key, zone in Market.objects.values_list("key", "timezone")}


def region_order() -> list[str]:
    """Region keys in display order (the tie-break order of "best region")."""
    return list(Market.objects.order_by("sort_order", "key").values_list("key", flat=True))


def today_dates(now: datetime) -> dict[str, date]:
    """Each active region's own local date at `now`: its "today" (SPEC §2),
    never the server's UTC date."""
    markets = Market.objects.filter(active=True).order_by("sort_order", "key").values_list("key", "timezone")
    return {key: now.astimezone(ZoneInfo(zone)).date() for key, zone in markets}


def _on_own_dates(rows: QuerySet, dates: dict[str, date]) -> QuerySet:
    """The live rows of each region on its own trading date, by open instant."""
    if not dates:
        return rows.none()
    wanted = Q()
    for region, day in dates.items():
        wanted |= Q(region=region, trading_date=day)
    return rows.filter(wanted, run__isnull=True).order_by("open_at", "region")


def today_sessions(dates: dict[str, date]) -> QuerySet[MarketOpenSession]:
    """The live session of each region on its own trading date, by open instant."""
    return _on_own_dates(MarketOpenSession.objects.all(), dates)


def today_missed(dates: dict[str, date], sessions: QuerySet[MarketOpenSession]) -> QuerySet[MissedCapture]:
    """The live misses of each region on its own trading date, by open instant, but
    none of a region with a session among `sessions` (a capture by hand succeeded)."""
    return _on_own_dates(MissedCapture.objects.all(), dates).exclude(region__in=sessions.values("region"))


def elapsed_sec(open_at: datetime, resolved_at: datetime | None, now: datetime) -> float:
    """Open → resolution, or → now while the trade is still open."""
    end = resolved_at if resolved_at is not None else now
    return max(0.0, round((end - open_at) / timedelta(seconds=1), 3))


# --- Adding up in SQL -----------------------------------------------------------------------------

class SecondsBetween(Func):
    """`end` − `start` in seconds (NULL when either is), computed by the
    database: reading thousands of timestamps through the driver costs more
    than the query."""

    output_field = FloatField()
    # date_part() gives a float: far faster than EXTRACT's numeric, and exact to the microsecond.
    template = "date_part('epoch', %(expressions)s)"
    arg_joiner = " - "

    def __init__(self, start, end):
        super().__init__(end, start)

    def as_sqlite(self, compiler, connection, **extra):
        # Rounded to the millisecond, which is all julianday() resolves exactly.
        return self.as_sql(compiler, connection, **extra, arg_joiner=") - julianday(",
                           template="ROUND((julianday(%(expressions)s)) * 86400.0, 3)")


# "The same trade" is TradeRecord equality: the copies of a trade are numbered
# within a partition by exactly the columns behind the record's fields.
RECORD_COLUMNS = {"open_ms": "open_at", "side": "entry_side", "entry": "entry_price", "target": "target_price",
                  "stop": "stop_price", "outcome": "outcome", "pnl": "pnl_usd"}
TRADE_KEY = tuple(RECORD_COLUMNS[field.name] for field in fields(TradeRecord))


def _marked(sessions: QuerySet[MarketOpenSession]) -> tuple[str, tuple]:
    """`WITH t AS (…)`: the sessions with `first` = 1 on the first copy of each
    distinct trade (0 on the other regions' copies), the P&L in cents and the
    seconds from open to resolution. Only what the sums read: every column
    costs per row, and 32-bit integers and floats add up several times faster
    than PostgreSQL's numerics."""
    rows = sessions.order_by().annotate(
        trade_copy=Window(RowNumber(), partition_by=[F(column) for column in TRADE_KEY],
                          order_by=[F("region").asc(), F("id").asc()]),
        pnl_cents=Coalesce(Cast(Round(F("pnl_usd") * 100), IntegerField()), Value(0)),
        resolution_sec=SecondsBetween("open_at", "resolved_at"),
        is_ambiguous=Cast("ambiguous", IntegerField()),
    ).values("id", "region", "day_of_week", "composite_signal", "outcome", "trading_date", "trade_copy", "pnl_cents",
             "resolution_sec", "is_ambiguous")
    inner, params = rows.query.sql_with_params()
    return (f"WITH t AS (SELECT w.*, CASE WHEN w.trade_copy = 1 THEN 1 ELSE 0 END AS first "
            f"FROM ({inner}) w) ", params)


# Each SELECT of the tally query gives: grouping, key, outcome, first, sessions,
# P&L cents, ambiguous, seconds to resolution, resolved.
BY_OUTCOME = ("t.outcome, t.first, COUNT(*), SUM(t.pnl_cents), SUM(t.is_ambiguous), SUM(t.resolution_sec), "
              "COUNT(t.resolution_sec)")


@dataclass(frozen=True)
class Grouping:
    """One way of grouping the sessions `t` (and, for the predictors, their snapshot rows `s`)."""

    key: str  # SQL of the group's key as text; NULL: one group of everything
    group_by: str
    columns: str = BY_OUTCOME
    source: str = "t"
    where: str = ""
    params: tuple = ()  # for the %s in `columns`, `source` and `where`, in that order
    pooled: bool = True  # a region's own figures count every copy it holds

    @classmethod
    def by_outcome(cls, key: str, **options) -> "Grouping":
        return cls(key, f"{key}, t.outcome, t.first", **options)

    def select(self, name: str) -> str:
        where = f" WHERE {self.where}" if self.where else ""
        group_by = f" GROUP BY {self.group_by}" if self.group_by else ""
        return f"SELECT '{name}', {self.key}, {self.columns} FROM {self.source}{where}{group_by}"


def _groupings(sessions: QuerySet[MarketOpenSession]) -> dict[str, Grouping]:
    quote = connection.ops.quote_name
    decided, decided_params = sessions.filter(outcome__in=DECIDED).order_by().values("id", "outcome") \
        .query.sql_with_params()
    symbol, signal = f"s.{quote('symbol')}", f"s.{quote('signal')}"
    day = "CAST(t.trading_date AS TEXT)"
    return {
        "all": Grouping("NULL", "t.outcome, t.first"),
        "region": Grouping.by_outcome("t.region", pooled=False),
        "weekday": Grouping.by_outcome("CAST(t.day_of_week AS TEXT)"),
        "signal": Grouping.by_outcome("t.composite_signal"),
        "month": Grouping.by_outcome("SUBSTR(CAST(t.trading_date AS TEXT), 1, 7)"),
        # The pooled P&L of each trading day that had a trade, for the equity curve.
        "day": Grouping(day, day, columns="NULL, 1, COUNT(*), SUM(t.pnl_cents), 0, 0.0, 0",
                        where="t.first = 1 AND t.outcome IN (%s, %s, %s)",
                        params=tuple(sorted(outcome.value for outcome in ENTRIES))),
        # Each symbol's signal at the open against the distinct decided trades: in the
        # sessions column the decided ones, in the P&L column the worked ones. The snapshot
        # rows join the sessions table itself, whose statistics the planner knows (joined
        # to `t`, it guesses one row and sorts 100,000s on disk), minus the merged copies.
        "symbol": Grouping(
            f"{symbol} || ' ' || {signal}", f"{symbol}, {signal}",
            columns="NULL, 1, COUNT(*), SUM(CASE WHEN m.outcome = %s THEN 1 ELSE 0 END), 0, 0.0, 0",
            source=f"{quote(FutureSnapshot._meta.db_table)} s JOIN ({decided}) m ON s.{quote('session_id')} = m.id",
            where=f"m.id NOT IN (SELECT t.id FROM t WHERE t.first = 0) AND {symbol} <> %s AND {signal} <> %s",
            params=(Outcome.WORKED.value, *decided_params, TOTAL_SYMBOL, ""),
        ),
    }


@dataclass(frozen=True)
class Figures:
    """What a group of sessions adds up to. `summary.total_sessions` counts
    sessions; every trade figure counts a shared trade once (or, for a
    region, each copy the region holds)."""

    summary: Summary
    avg_resolution_sec: float | None  # open → touch, over Worked and Didn't Work
    shared_trades_merged: int

    @property
    def decided(self) -> int:
        return self.summary.worked + self.summary.didnt_work


EMPTY = Figures(summary_from_counts({}, Decimal(0), 0, 0), None, 0)


@dataclass
class _Group:
    """One group's sums, added up from the tally's rows (one per outcome and copy kind)."""

    pooled: bool
    sessions: int = 0
    merged: int = 0
    counts: dict[Outcome, int] = field(default_factory=dict)
    pnl_cents: int = 0
    ambiguous: int = 0
    seconds: float = 0.0
    resolved: int = 0

    def add(self, outcome: Outcome, first: bool, sessions: int, pnl_cents: int, ambiguous: int, seconds: float,
            resolved: int) -> None:
        self.sessions += sessions
        if self.pooled and outcome in ENTRIES and not first:
            self.merged += sessions  # another region's copy of a trade counted already
            return
        self.counts[outcome] = self.counts.get(outcome, 0) + sessions
        self.ambiguous += ambiguous
        if outcome in ENTRIES:
            self.pnl_cents += pnl_cents
        if outcome in DECIDED:
            self.seconds += seconds
            self.resolved += resolved

    def figures(self) -> Figures:
        return Figures(
            summary=summary_from_counts(self.counts, Decimal(self.pnl_cents) / 100, self.ambiguous, self.sessions),
            avg_resolution_sec=self.seconds / self.resolved if self.resolved else None,
            shared_trades_merged=self.merged,
        )


@dataclass(frozen=True)
class AddedUp:
    overall: Figures
    groups: dict[str, dict[str, Figures]]  # grouping → key → figures, in reading order
    days: list[tuple[str, Decimal]]  # with "day": (trading date, pooled P&L), in date order
    symbols: dict[tuple[str, str], tuple[int, int]]  # with "symbol": (symbol, signal) → (worked, decided)

    def predictor_rows(self, min_sample: int) -> list[PredictorRow]:
        if self.overall.decided == 0:
            return []
        return predictor_rows_from_tallies(self.symbols, self.overall.summary.hit_rate, min_sample)


def add_up(sessions: QuerySet[MarketOpenSession], wanted: tuple[str, ...] = ()) -> AddedUp:
    """Figures of `sessions` overall and per group of each wanted grouping
    ("region", "weekday", "signal", "month", "day", "symbol"), in one query."""
    if sessions.query.is_empty():  # `.none()` has no SQL to build on: the same answer as a query matching nothing
        sessions = MarketOpenSession.objects.filter(pk__isnull=True)
    groupings = _groupings(sessions)
    names = ("all", *wanted)
    marked, params = _marked(sessions)
    sql = marked + " UNION ALL ".join(groupings[name].select(name) for name in names)
    params = (*params, *(value for name in names for value in groupings[name].params))
    groups: dict[str, dict[str | None, _Group]] = {name: {} for name in names}
    days, symbols = [], {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        # A sum over only NULLs is NULL; PostgreSQL sums integers to numerics.
        for name, key, outcome, first, sessions_n, pnl, ambiguous, seconds, resolved in cursor.fetchall():
            if name == "day":
                days.append((key, Decimal(int(pnl or 0)) / 100))
            elif name == "symbol":
                symbols[tuple(key.split(" "))] = (int(pnl or 0), int(sessions_n))
            else:
                groups[name].setdefault(key, _Group(groupings[name].pooled)).add(
                    Outcome(outcome), first == 1, int(sessions_n), int(pnl or 0), int(ambiguous or 0),
                    float(seconds or 0), int(resolved or 0))
    figures = {name: {key: group.figures() for key, group in members.items()}
               for name, members in groups.items() if name not in ("day", "symbol")}
    known = {
        "region": [(key, key) for key in region_order()] if "region" in wanted else [],
        "weekday": [(str(day), name) for day, name in WEEKDAYS.items()],
        "signal": [(signal, signal) for signal in SIGNAL_ORDER],
    }
    return AddedUp(
        overall=figures.pop("all").get(None, EMPTY),
        groups={name: _in_order(members, known.get(name) or [(key, key) for key in sorted(members)])
                for name, members in figures.items()},
        days=sorted(days),
        symbols=symbols,
    )


def _in_order(groups: dict[str, Figures], known: list[tuple[str, str]]) -> dict[str, Figures]:
    """The known keys first, in their order and under their names; any other key after them."""
    ordered = {name: groups[key] for key, name in known if key in groups}
    seen = {key for key, _ in known}
    ordered.update({key: result for key, result in groups.items() if key not in seen})
    return ordered


def best(groups: dict[str, Figures], min_sample: int, metric: str = BEST_METRIC) -> str | None:
    return best_by({name: result.summary for name, result in groups.items()}, metric, min_sample)


@dataclass(frozen=True)
class EquityPoint:
    """The pooled equity at the end of one trading day."""

    day: date
    pnl: Decimal
    cumulative: Decimal
    drawdown: Decimal


def equity(days: list[tuple[str, Decimal]]) -> list[EquityPoint]:
    return [EquityPoint(date.fromisoformat(day), pnl, cumulative, drawdown)
            for (day, pnl), (cumulative, drawdown) in zip(days, equity_curve(pnl for _, pnl in days))]


# --- The questions the API answers ----------------------------------------------------------------

@dataclass(frozen=True)
class Today:
    dates: dict[str, date]  # region → its own local date now
    sessions: QuerySet[MarketOpenSession]
    missed: QuerySet[MissedCapture]  # failed captures of regions without a session today
    figures: Figures
    best_region: str | None


def today(now: datetime) -> Today:
    """Each region's live session on its own date, or its failed capture. The
    best region is the one whose trade earned most today: a fact about one
    day, not a rate, so it needs no minimum sample."""
    dates = today_dates(now)
    sessions = today_sessions(dates)
    result = add_up(sessions, ("region",))
    return Today(dates, sessions, today_missed(dates, sessions), result.overall,
                 best(result.groups["region"], min_sample=1, metric="total_pnl"))


@dataclass(frozen=True)
class Analytics:
    figures: Figures
    best_region: str | None
    best_day: str | None
    insights: list[PredictorRow]


def history_analytics(query: SessionFilter, min_sample: int = DEFAULT_MIN_SAMPLE,
                      insight_count: int = 5) -> Analytics:
    result = add_up(filter_sessions(query), ("region", "weekday", "symbol"))
    return Analytics(
        figures=result.overall,
        best_region=best(result.groups["region"], min_sample),
        best_day=best(result.groups["weekday"], min_sample),
        insights=result.predictor_rows(min_sample)[:insight_count],
    )


@dataclass(frozen=True)
class Stats:
    figures: Figures
    breakdowns: dict[str, dict[str, Figures]]  # "region" | "weekday" | "signal" | "month" → key → figures
    equity: list[EquityPoint]
    max_drawdown: Decimal


def stats(query: SessionFilter) -> Stats:
    result = add_up(filter_sessions(query), ("region", "weekday", "signal", "month", "day"))
    return Stats(
        figures=result.overall,
        breakdowns=result.groups,
        equity=equity(result.days),
        max_drawdown=max_drawdown(pnl for _, pnl in result.days),
    )


@dataclass(frozen=True)
class Predictors:
    baseline: Figures
    rows: list[PredictorRow]


def predictors(query: SessionFilter, min_sample: int = DEFAULT_MIN_SAMPLE) -> Predictors:
    result = add_up(filter_sessions(query), ("symbol",))
    return Predictors(baseline=result.overall, rows=result.predictor_rows(min_sample))

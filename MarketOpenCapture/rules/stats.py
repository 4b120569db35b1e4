"""What graded trades add up to (SPEC §6): counts, hit rate with its 95% Wilson
interval, expected value, equity curve, pooling and predictors.

Rates are floats (they are shown, never summed into money); money stays
Decimal. The hit rate counts only decided trades (Worked / (Worked + Didn't
Work)); expected value spreads the total P&L over every entry, Expired
included, because an expired trade was still taken.
"""
import math
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from MarketOpenCapture.rules.outcomes import ENTRIES, Outcome

Z_95 = 1.959964
CENTS = Decimal("0.01")
ZERO = Decimal(0)
METRICS = ("hit_rate", "expected_value", "total_pnl")


def wilson_interval(successes: int, n: int, z: float = Z_95) -> tuple[float | None, float | None]:
    """Wilson score interval of `successes` out of `n` ((None, None) for n = 0).

    Unlike p ± z·√(p(1−p)/n) it stays inside [0, 1] and does not collapse to
    a zero width at 0/n or n/n, which matters at the small samples a region
    and weekday give.
    """
    for name, value in (("successes", successes), ("n", n)):
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(f"{name} must be an int, got {type(value).__name__} {value!r}")
    if not 0 <= successes <= n:
        raise ValueError(f"need 0 ≤ successes ≤ n, got {successes} of {n}")
    if n == 0:
        return None, None
    p = successes / n
    z2 = z * z
    denominator = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


@dataclass(frozen=True)
class Summary:
    total_sessions: int
    entries_made: int
    worked: int
    didnt_work: int
    expired: int
    no_entry: int
    errors: int
    pending: int
    hit_rate: float | None
    hit_rate_low: float | None
    hit_rate_high: float | None
    expected_value: Decimal | None
    total_pnl: Decimal
    ambiguous: int
    ambiguity_rate: float | None


def _money(value, what: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise TypeError(f"{what} must be a Decimal, got {type(value).__name__} {value!r}")
    return Decimal(value)


def summarize(outcomes: Iterable[Outcome | str], pnls: Iterable[Decimal | None],
              ambiguous: Iterable[bool] | None = None) -> Summary:
    """Counts, hit rate (with Wilson interval), EV and total P&L of sessions given as
    parallel sequences of outcome, P&L and (bars) ambiguous flag.

    Entries are Worked, Didn't Work and Expired; their P&L is required. No
    Entry, Error and Pending are not entries and must carry no P&L (None or 0).
    EV = total P&L / entries, rounded to cents. The ambiguity rate is the share
    of decided trades (Worked + Didn't Work) whose bar held both levels.
    """
    outcomes = [Outcome(outcome) for outcome in outcomes]
    pnls = list(pnls)
    flags = [False] * len(outcomes) if ambiguous is None else [bool(flag) for flag in ambiguous]
    if not len(outcomes) == len(pnls) == len(flags):
        raise ValueError(f"outcomes, pnls and ambiguous differ in length: {len(outcomes)}, {len(pnls)}, {len(flags)}")
    counts = dict.fromkeys(Outcome, 0)
    total_pnl = ZERO
    for i, (outcome, pnl) in enumerate(zip(outcomes, pnls)):
        counts[outcome] += 1
        if outcome in ENTRIES:
            total_pnl += _money(pnl, f"P&L of session {i} ({outcome})")
        elif pnl not in (None, 0):
            raise ValueError(f"session {i} is {outcome}, not an entry, but has P&L {pnl}")
    return summary_from_counts(counts, total_pnl, sum(flags), len(outcomes))


def summary_from_counts(counts: Mapping[Outcome, int], total_pnl: Decimal, ambiguous: int,
                        sessions: int) -> Summary:
    """The one place hit rate, EV and their companions are computed (SPEC §6),
    from outcome counts and the entries' total P&L; `summarize` and the SQL
    aggregations of the API both end here."""
    count = {outcome: counts.get(outcome, 0) for outcome in Outcome}
    worked, didnt = count[Outcome.WORKED], count[Outcome.DIDNT_WORK]
    decided = worked + didnt
    entries = decided + count[Outcome.EXPIRED]
    low, high = wilson_interval(worked, decided)
    return Summary(
        total_sessions=sessions,
        entries_made=entries,
        worked=worked,
        didnt_work=didnt,
        expired=count[Outcome.EXPIRED],
        no_entry=count[Outcome.NO_ENTRY],
        errors=count[Outcome.ERROR],
        pending=count[Outcome.PENDING],
        hit_rate=worked / decided if decided else None,
        hit_rate_low=low,
        hit_rate_high=high,
        expected_value=(total_pnl / entries).quantize(CENTS, ROUND_HALF_UP) if entries else None,
        total_pnl=total_pnl,
        ambiguous=ambiguous,
        ambiguity_rate=ambiguous / decided if decided else None,
    )


def best_by(groups: Mapping[Hashable, Summary], metric: str, min_sample: int = 5) -> Hashable | None:
    """Key of the group with the highest `metric` among groups with at least
    `min_sample` entries; None when no group qualifies.

    Ties go to the group with more entries, then to the one that comes first
    in `groups` (pass them in a meaningful order, e.g. regions by open time).
    """
    if metric not in METRICS:
        raise ValueError(f"unknown metric {metric!r}; choose one of {', '.join(METRICS)}")
    best, best_rank = None, None
    for key, summary in groups.items():
        value = getattr(summary, metric)
        if summary.entries_made < min_sample or value is None:
            continue
        rank = (value, summary.entries_made)
        if best_rank is None or rank > best_rank:
            best, best_rank = key, rank
    return best


def equity_curve(pnls_in_time_order: Iterable[Decimal]) -> list[tuple[Decimal, Decimal]]:
    """(cumulative P&L, drawdown) after each trade; drawdown = the highest
    cumulative P&L so far (starting from 0 before the first trade) minus now."""
    curve = []
    cumulative = peak = ZERO
    for i, pnl in enumerate(pnls_in_time_order):
        cumulative += _money(pnl, f"P&L {i}")
        peak = max(peak, cumulative)
        curve.append((cumulative, peak - cumulative))
    return curve


def max_drawdown(pnls_in_time_order: Iterable[Decimal]) -> Decimal:
    return max((drawdown for _, drawdown in equity_curve(pnls_in_time_order)), default=ZERO)


@dataclass(frozen=True)
class TradeRecord:
    """One region's graded YM trade, as pooling compares them."""

    open_ms: int
    side: str | None
    entry: Decimal | None
    target: Decimal | None
    stop: Decimal | None
    outcome: Outcome
    pnl: Decimal | None


def pooled(trades: Iterable[TradeRecord]) -> list[TradeRecord]:
    """Each distinct entered trade once, in first-seen order (SPEC §6: London
    and Amsterdam open at the same instant and take the same YM trade).

    Two entries are one trade when they share open instant, side and entry
    and were graded alike. Should regions sharing an open have graded it
    differently (a region-specific window), they are different trades and
    both count: keeping either one would be an arbitrary choice. A session
    without an entry (No Entry, Error, Pending) made no trade to share: each
    stays, as each stays in the sessions counted.
    """
    seen: set[TradeRecord] = set()
    kept = []
    for trade in trades:
        if trade.outcome in ENTRIES:
            if trade in seen:
                continue
            seen.add(trade)
        kept.append(trade)
    return kept


@dataclass(frozen=True)
class PredictorRow:
    symbol: str
    signal: str
    n: int
    worked: int
    hit_rate: float
    low: float
    high: float
    lift: float


def predictor_rows(samples: Iterable[tuple[str, str, Outcome | str]], baseline: float,
                   min_sample: int = 5) -> list[PredictorRow]:
    """For each (symbol, signal at the open): the YM hit rate over decided
    trades, its Wilson interval, and lift = hit rate − `baseline` (the hit
    rate of all decided trades): a difference of rates, 0.12 = 12 points better.

    Only rows with n ≥ `min_sample` are returned, highest lift first (ties:
    larger n, then symbol and signal). Many symbol × signal pairs are
    compared at once, so a few will look strong by chance: read the interval.
    """
    tallies: dict[tuple[str, str], list[int]] = {}
    for symbol, signal, outcome in samples:
        outcome = Outcome(outcome)
        if outcome in (Outcome.WORKED, Outcome.DIDNT_WORK):
            tally = tallies.setdefault((symbol, signal), [0, 0])
            tally[0] += outcome is Outcome.WORKED
            tally[1] += 1
    return predictor_rows_from_tallies(tallies, baseline, min_sample)


def predictor_rows_from_tallies(tallies: Mapping[tuple[str, str], tuple[int, int] | list[int]], baseline: float,
                                min_sample: int = 5) -> list[PredictorRow]:
    """predictor_rows() of (symbol, signal) → (worked, decided) tallies (what SQL adds up)."""
    if isinstance(baseline, bool) or not isinstance(baseline, int | float) or not 0 <= baseline <= 1:
        raise ValueError(f"baseline must be a hit rate between 0 and 1, got {baseline!r}")
    rows = []
    for (symbol, signal), (worked, n) in tallies.items():
        if n < max(min_sample, 1):
            continue
        low, high = wilson_interval(worked, n)
        rows.append(PredictorRow(symbol, signal, n, worked, worked / n, low, high, worked / n - baseline))
    rows.sort(key=lambda row: (-row.lift, -row.n, row.symbol, row.signal))
    return rows


def avg_resolution_sec(outcomes: Iterable[Outcome | str], open_ms: Iterable[int],
                       resolved_at_ms: Iterable[int | None]) -> float | None:
    """Mean seconds from the open to the touch, over Worked and Didn't Work
    trades (Expired always takes the whole window and would only echo it)."""
    durations = []
    for outcome, opened, resolved in zip(outcomes, open_ms, resolved_at_ms, strict=True):
        if Outcome(outcome) in (Outcome.WORKED, Outcome.DIDNT_WORK):
            if resolved is None or resolved < opened:
                raise ValueError(f"a {outcome} trade opened at {opened} needs a later resolved_at, got {resolved}")
            durations.append(resolved - opened)
    return sum(durations) / len(durations) / 1000 if durations else None

"""The first-touch index (rules/touch_index.py) answers exactly what QuotePath.grade answers.

The index is only a faster way to apply the grading rule, so every test here
compares whole GradeResults (outcome, P&L, resolved_at, price, reason) with
the grader on the same quotes, never with hand-written outcomes.
"""
from decimal import Decimal as D

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from MarketOpenCapture.rules.grading import QuotePath, TradeSpec
from MarketOpenCapture.rules.outcomes import Outcome
from MarketOpenCapture.rules.scaled import SCALE
from MarketOpenCapture.rules.touch_index import TouchIndex
from MarketOpenCapture.tests.test_rules_grading import GAP, SCENARIOS, T, graded_paths, trade

pytestmark = pytest.mark.embedded


def path_of(rows) -> QuotePath:
    return QuotePath.from_prices([ts for ts, _, _ in rows], [bid for _, bid, _ in rows], [ask for _, _, ask in rows])


def both(path: QuotePath, spec: TradeSpec, observed: int, feed_gap_ms: int):
    """(the grader's result, the index's result), the index going through its array form."""
    index = TouchIndex.of_array(TouchIndex.build(path, spec.open_ms).to_array())
    return (path.grade(spec, observed_until_ms=observed, feed_gap_ms=feed_gap_ms),
            index.grade(spec, observed_until_ms=observed, feed_gap_ms=feed_gap_ms))


@pytest.mark.parametrize("spec, rows, clock, expected", SCENARIOS)
def test_it_agrees_on_every_grading_scenario(spec, rows, clock, expected):
    # The grader's table: one-quote touches, a touch at the window's end, gaps before and after a
    # touch, Pending, Expired, Error, shorts and 1/32 ticks.
    path = path_of([(T + at, D(bid), D(ask)) for at, bid, ask in rows])
    graded, indexed = both(path, trade(spec), T + clock, GAP)
    assert indexed == graded
    assert (indexed and indexed.outcome) == (expected and expected[0])  # the table's outcome, as a check of it


@st.composite
def paths_and_brackets(draw):
    """A walk with bursts of quotes sharing a timestamp, pauses around the feed gap, prices that may
    cross zero, and brackets opening at a quote's time whose window ends on, just before or after a quote."""
    feed_gap_ms = draw(st.sampled_from([1, 1_000, 60_000]))
    count = draw(st.integers(0, 50))
    pauses = draw(st.lists(st.sampled_from([0, 0, 1, feed_gap_ms - 1, feed_gap_ms, feed_gap_ms + 1,
                                            3 * feed_gap_ms]) | st.integers(0, 2 * feed_gap_ms),
                           min_size=count, max_size=count))
    moves = draw(st.lists(st.integers(-4, 4), min_size=count, max_size=count))
    spreads = draw(st.lists(st.integers(0, 3), min_size=count, max_size=count))
    open_ms = draw(st.integers(0, 2 * 10**12))
    level = draw(st.integers(-20, 20))
    tick = draw(st.sampled_from([SCALE, SCALE // 4, SCALE // 32, 1]))
    ts, bid, ask, at = [], [], [], open_ms + draw(st.sampled_from([0, -1, 1]))  # quotes at T do not count
    for pause, move, spread in zip(pauses, moves, spreads):
        at, level = at + pause, level + move
        ts.append(at), bid.append(level * tick), ask.append((level + spread) * tick)
    path = QuotePath(np.array(ts, dtype=np.int64), np.array(bid, dtype=np.int64), np.array(ask, dtype=np.int64))
    times = sorted({*ts, open_ms + 1})
    trades = []
    for _ in range(draw(st.integers(1, 6))):
        end = draw(st.sampled_from(times)) + draw(st.sampled_from([-1, 0, 0, 1, feed_gap_ms, feed_gap_ms + 1]))
        entry = draw(st.integers(level - 6, level + 6))
        side = draw(st.sampled_from(["BUY", "SELL"]))
        up, down = draw(st.integers(1, 6)), draw(st.integers(1, 6))
        target, stop = (entry + up, entry - down) if side == "BUY" else (entry - up, entry + down)
        trades.append(TradeSpec(side, D(entry * tick) / SCALE, D(target * tick) / SCALE, D(stop * tick) / SCALE,
                                open_ms, max(1, end - open_ms), D(100), D(75)))
    observed = draw(st.sampled_from(times)) + draw(st.integers(-feed_gap_ms, 3 * feed_gap_ms))
    return path, trades, observed, feed_gap_ms


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(paths_and_brackets())
def test_it_gives_the_graders_result_on_random_paths(case):
    path, trades, observed, feed_gap_ms = case
    for spec in trades:
        graded, indexed = both(path, spec, observed, feed_gap_ms)
        assert indexed == graded


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(graded_paths())
def test_it_gives_the_graders_result_on_the_graders_own_paths(case):
    quotes, trades, observed, feed_gap_ms = case
    path = QuotePath.from_prices([q[0] for q in quotes], [q[1] for q in quotes], [q[2] for q in quotes])
    for spec in trades:  # these open anywhere, also between quotes and before the first
        graded, indexed = both(path, spec, observed, feed_gap_ms)
        assert indexed == graded


def test_a_long_walk_keeps_only_its_records():
    rng = np.random.default_rng(3)
    bid = 4_738_800_000_000 + np.cumsum(rng.choice([-1, 0, 0, 0, 1], size=7_200)) * SCALE
    ts = T + 1000 * np.arange(1, 7_201)
    path = QuotePath(ts, bid, bid + 8 * SCALE)
    index = TouchIndex.build(path, T)
    assert len(index.to_array()) < 1_000  # of 7,200 quotes × 3
    outcomes = set()
    for target_usd in (40, 100, 150, 300):
        ticks = target_usd // 5
        for side, direction in (("BUY", 1), ("SELL", -1)):
            entry = D(47_388 + (8 if side == "BUY" else 0))  # a buy pays the ask, a sell gets the bid
            spec = TradeSpec(side, entry, entry + direction * ticks, entry - direction * ticks, T, 1_800_000,
                             D(target_usd), D(target_usd))
            graded, indexed = both(path, spec, T + 7_260_000, 60_000)
            assert indexed == graded
            outcomes.add(indexed.outcome)
    assert outcomes == {Outcome.WORKED, Outcome.DIDNT_WORK, Outcome.EXPIRED}


def test_it_refuses_a_trade_opening_elsewhere_and_a_damaged_layout():
    path = path_of([(T + 1000, D(1), D(2))])
    index = TouchIndex.build(path, T)
    later = TradeSpec("BUY", D("1.5"), D(3), D(1), T + 1, 60_000, D(100), D(100))
    with pytest.raises(ValueError, match="opens at"):
        index.grade(later, observed_until_ms=T, feed_gap_ms=GAP)
    with pytest.raises(ValueError, match="not a touch index"):
        TouchIndex.of_array(index.to_array()[:-1])

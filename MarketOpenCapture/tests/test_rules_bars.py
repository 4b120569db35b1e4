"""First-touch grading on 1-minute bars (rules/bars.py, SPEC §6 replayed history)."""
from decimal import Decimal as D

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from MarketOpenCapture.rules.bars import BarPath, grade_bars
from MarketOpenCapture.rules.grading import TradeSpec
from MarketOpenCapture.rules.outcomes import Outcome

pytestmark = pytest.mark.embedded

T = 1_736_173_800_000  # 2025-01-06 14:30 UTC
MINUTE = 60_000
WINDOW = 5 * MINUTE

YM_LONG = ("BUY", "44000", "44020", "43980")
YM_SHORT = ("SELL", "44000", "43980", "44020")
ZB_SHORT = ("SELL", "117.5", "117.40625", "117.59375")  # 3 ticks of 1/32


def trade(spec):
    side, entry, target, stop = spec
    return TradeSpec(side=side, entry=D(entry), target=D(target), stop=D(stop), open_ms=T, window_ms=WINDOW,
                     target_usd=D(100), stop_usd=D(100))


def run(spec, rows):
    """Grade bars given as (minute after T, open, high, low, close)."""
    columns = list(zip(*rows)) if rows else [(), (), (), (), ()]
    minutes, prices = columns[0], [[D(p) for p in column] for column in columns[1:]]
    return grade_bars(trade(spec), [T + m * MINUTE for m in minutes], *prices)


QUIET = ("44000", "44010", "43990", "44000")

# Each scenario: trade, bars (minute after T, open, high, low, close),
# expected (outcome, resolved at minute after T, price, ambiguous).
SCENARIOS = [
    pytest.param(YM_LONG, [(0, *QUIET), (1, "44000", "44020", "43995", "44015")],
                 ("Worked", 1, "44020", False), id="long high reaches target in the second bar"),
    pytest.param(YM_LONG, [(0, "44000", "44005", "43980", "43990")],
                 ("Didn't Work", 0, "43980", False), id="the entry bar counts"),
    pytest.param(YM_LONG, [(0, *QUIET), (1, "44000", "44025", "43975", "44000")],
                 ("Didn't Work", 1, "43980", True), id="one bar holds both: stop, ambiguous"),
    pytest.param(YM_LONG, [(0, *QUIET), (1, "43995", "44005", "43980", "44000"),
                           (2, "44000", "44030", "44000", "44020")],
                 ("Didn't Work", 1, "43980", False), id="stop in an earlier bar than target"),
    pytest.param(YM_LONG, [(0, *QUIET), (1, "44030", "44040", "44025", "44035")],
                 ("Worked", 1, "44030", False), id="bar opens beyond the target: filled at its open"),
    pytest.param(YM_LONG, [(0, *QUIET), (1, "43970", "43990", "43960", "43985")],
                 ("Didn't Work", 1, "43970", False), id="bar opens beyond the stop: filled at its open"),
    pytest.param(YM_LONG, [(0, *QUIET), (1, "44030", "44040", "43970", "43990")],
                 ("Didn't Work", 1, "43980", True), id="gap beyond target but both in the bar: stop wins"),
    pytest.param(YM_LONG, [(-1, "44000", "44030", "43970", "44000"), (0, *QUIET), (4, *QUIET)],
                 ("Expired", 5, None, False), id="a bar before T does not count"),
    pytest.param(YM_LONG, [(0, *QUIET), (4, "44000", "44020", "44000", "44010")],
                 ("Worked", 4, "44020", False), id="last bar starting inside the window counts"),
    pytest.param(YM_LONG, [(0, *QUIET), (5, "44000", "44020", "44000", "44010")],
                 ("Expired", 5, None, False), id="a bar starting at the window end does not"),
    pytest.param(YM_LONG, [], ("Expired", 5, None, False), id="no bars"),
    pytest.param(YM_SHORT, [(0, *QUIET), (1, "44000", "44005", "43980", "43985")],
                 ("Worked", 1, "43980", False), id="short low reaches target"),
    pytest.param(YM_SHORT, [(0, *QUIET), (1, "44000", "44020", "43995", "44015")],
                 ("Didn't Work", 1, "44020", False), id="short high reaches stop"),
    pytest.param(YM_SHORT, [(0, "44000", "44020", "43980", "44000")],
                 ("Didn't Work", 0, "44020", True), id="short bar holding both"),
    pytest.param(ZB_SHORT, [(0, "117.5", "117.5", "117.4375", "117.46875"),
                            (1, "117.46875", "117.5", "117.40625", "117.4375")],
                 ("Worked", 1, "117.40625", False), id="ZB 1/32 ticks: exactly at the target"),
]


@pytest.mark.parametrize("spec, rows, expected", SCENARIOS)
def test_bar_scenarios(spec, rows, expected):
    result = run(spec, rows)
    outcome, minute, price, ambiguous = expected
    assert (result.outcome, result.resolved_at_ms, result.resolution_price, result.ambiguous) == (
        outcome, T + minute * MINUTE, None if price is None else D(price), ambiguous)


@pytest.mark.parametrize("rows", [
    [(1, *QUIET), (0, *QUIET)],                                   # out of order
    [(0, *QUIET), (0, *QUIET)],                                   # two bars with the same start
    [(0, "44000", "43999", "43990", "44000")],                    # high below the open
    [(0, "44000", "44010", "44001", "44000")],                    # low above the open
    [(0, "44000", "44010", "43990", "44011")],                    # close above the high
])
def test_it_rejects_impossible_bars(rows):
    with pytest.raises(ValueError):
        run(YM_LONG, rows)


def test_it_rejects_columns_of_different_lengths():
    with pytest.raises(ValueError):
        grade_bars(trade(YM_LONG), [T], [D(1)], [D(1), D(2)], [D(1)], [D(1)])


def brute_force(trade, bars):
    """Bar by bar, as a person would: stop before target inside one bar."""
    end = trade.open_ms + trade.window_ms
    long = trade.side == "BUY"
    for ts, open_, high, low, _ in bars:
        if not trade.open_ms <= ts < end:
            continue
        hit_stop = low <= trade.stop if long else high >= trade.stop
        hit_target = high >= trade.target if long else low <= trade.target
        if hit_stop:
            gapped = open_ <= trade.stop if long else open_ >= trade.stop
            return Outcome.DIDNT_WORK, ts, open_ if gapped else trade.stop, hit_target
        if hit_target:
            gapped = open_ >= trade.target if long else open_ <= trade.target
            return Outcome.WORKED, ts, open_ if gapped else trade.target, False
    return Outcome.EXPIRED, end, None, False


@st.composite
def bar_paths(draw):
    tick = draw(st.sampled_from([D("1"), D("0.25"), D("0.01"), D("0.03125")]))
    count = draw(st.integers(0, 40))
    level = draw(st.integers(1_000, 2_000))
    start = draw(st.integers(0, 10**12)) // MINUTE * MINUTE
    bars, ts = [], start
    for _ in range(count):
        ts += MINUTE * draw(st.sampled_from([1, 1, 1, 2, 5]))  # minutes without trades leave holes
        open_ = level + draw(st.integers(-3, 3))                 # bars may gap
        close = open_ + draw(st.integers(-4, 4))
        high = max(open_, close) + draw(st.integers(0, 4))
        low = min(open_, close) - draw(st.integers(0, 4))
        bars.append((ts, open_ * tick, high * tick, low * tick, close * tick))
        level = close
    trades = []
    for _ in range(draw(st.integers(1, 4))):
        open_ms = start + MINUTE * draw(st.integers(0, 30)) + draw(st.sampled_from([0, 0, 1, -1]))
        window_ms = MINUTE * draw(st.integers(1, 30)) + draw(st.sampled_from([0, 0, 1, -1]))
        entry = level + draw(st.integers(-5, 5))
        side = draw(st.sampled_from(["BUY", "SELL"]))
        up, down = draw(st.integers(1, 6)), draw(st.integers(1, 6))
        target, stop = (entry + up, entry - down) if side == "BUY" else (entry - up, entry + down)
        trades.append(TradeSpec(side, entry * tick, target * tick, stop * tick, open_ms, window_ms, D(100), D(100)))
    return bars, trades


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(bar_paths())
def test_it_agrees_with_a_bar_by_bar_loop(case):
    bars, trades = case
    path = BarPath.from_prices(*([bar[i] for bar in bars] for i in range(5)))
    for spec in trades:
        result = path.grade(spec)
        assert (result.outcome, result.resolved_at_ms, result.resolution_price, result.ambiguous) == \
            brute_force(spec, bars)

"""First-touch grading on quotes (rules/grading.py, SPEC §5)."""
import subprocess
import sys
from pathlib import Path
from datetime import datetime, timezone
from decimal import Decimal as D

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from FutureTrading.rules.bracket import Bracket, Side
from LiveData.quotes import to_ms
from MarketOpenCapture.rules.grading import QuotePath, TradeSpec, grade, grade_no_entry
from MarketOpenCapture.rules.outcomes import GRADER_VERSION, Outcome

pytestmark = pytest.mark.embedded

T = to_ms(datetime(2025, 1, 6, 14, 30, tzinfo=timezone.utc))  # a USA open
WINDOW = 120_000  # a short window keeps the tables small
END = T + WINDOW
GAP = 60_000

# side, entry, target, stop, target $, stop $
YM_LONG = ("BUY", "44000", "44020", "43980", "100", "100")
YM_SHORT = ("SELL", "44000", "43980", "44020", "100", "100")
ZB_LONG = ("BUY", "117.53125", "117.625", "117.4375", "93.75", "93.75")   # 3 ticks of 1/32
CL_LONG = ("BUY", "60.02", "60.12", "59.92", "100", "100")               # in floats 60.02 + 0.10 = 60.120000000000005


def trade(spec, window_ms=WINDOW):
    side, entry, target, stop, target_usd, stop_usd = spec
    return TradeSpec(side=side, entry=D(entry), target=D(target), stop=D(stop), open_ms=T,
                     window_ms=window_ms, target_usd=D(target_usd), stop_usd=D(stop_usd))


def run(spec, rows, observed_after_t):
    """Grade quotes given as (ms after T, bid, ask) with the clock at T + observed_after_t."""
    return grade(trade(spec), [T + at for at, _, _ in rows], [D(bid) for _, bid, _ in rows],
                 [D(ask) for _, _, ask in rows], observed_until_ms=T + observed_after_t, feed_gap_ms=GAP)


def flat(*times, bid="44000", ask="44001"):
    return [(at, bid, ask) for at in times]


# Each scenario: trade, quotes (ms after T, bid, ask), clock (ms after T),
# expected (outcome, resolved at ms after T, resolution price, reason) or None for Pending.
SCENARIOS = [
    pytest.param(YM_LONG, [(30_000, "44020", "44021")], 30_000,
                 ("Worked", 30_000, "44020", "target"), id="long bid reaches target"),
    pytest.param(YM_LONG, [(30_000, "43980", "43981")], 30_000,
                 ("Didn't Work", 30_000, "43980", "stop"), id="long bid reaches stop"),
    pytest.param(YM_LONG, [(30_000, "44023", "44024")], 30_000,
                 ("Worked", 30_000, "44023", "target"), id="resolution price is the quote, not the level"),
    pytest.param(YM_LONG, [(30_000, "44020", "44021"), (60_000, "43970", "43971")], 60_000,
                 ("Worked", 30_000, "44020", "target"), id="target first, stop later: first touch decides"),
    pytest.param(YM_LONG, [(30_000, "43980", "43981"), (60_000, "44030", "44031")], 60_000,
                 ("Didn't Work", 30_000, "43980", "stop"), id="stop first, target later"),
    pytest.param(YM_LONG, [(30_000, "44005", "44006"), (30_400, "44020", "44021"), (30_800, "44005", "44006")],
                 31_000, ("Worked", 30_400, "44020", "target"), id="a touch that lasts one quote"),
    pytest.param(YM_LONG, [(30_000, "44019", "44020"), *flat(60_000, 90_000, 120_000, 120_001)], 120_001,
                 ("Expired", 120_000, None, "window"), id="long ignores the ask reaching its target"),
    pytest.param(YM_LONG, [(-5_000, "43900", "43901"), (0, "44020", "44021"), *flat(30_000, 90_000, 130_000)],
                 130_000, ("Expired", 120_000, None, "window"), id="quotes before and exactly at T do not count"),
    pytest.param(YM_LONG, [*flat(30_000, 60_000, 90_000), (120_000, "44020", "44021")], 120_000,
                 ("Worked", 120_000, "44020", "target"), id="touch exactly at the window end counts"),
    pytest.param(YM_LONG, [*flat(30_000, 60_000, 90_000, 120_000), (120_001, "44020", "44021")], 120_001,
                 ("Expired", 120_000, None, "window"), id="touch 1 ms after the end: that quote decides Expired"),
    pytest.param(YM_LONG, flat(30_000, 60_000, 90_000, 120_000), 179_999,
                 None, id="no quote past the end, clock short of end + gap: Pending"),
    pytest.param(YM_LONG, flat(30_000, 60_000, 90_000, 120_000), 180_000,
                 ("Expired", 120_000, None, "window"), id="clock at end + gap: Expired"),
    pytest.param(YM_LONG, flat(30_000, 60_000), 70_000, None, id="inside the window without a touch: Pending"),
    pytest.param(YM_LONG, [], 50_000, None, id="nothing yet: Pending"),
    pytest.param(YM_LONG, flat(60_000, 120_000, 121_000), 121_000,
                 ("Expired", 120_000, None, "window"), id="gaps of exactly the limit are fine"),
    pytest.param(YM_LONG, flat(30_000, 60_000, 150_000), 150_000,
                 ("Expired", 120_000, None, "window"), id="last quote exactly the limit before the end"),
    pytest.param(YM_LONG, [*flat(30_000), (100_000, "44020", "44021")], 100_000,
                 ("Error", 100_000, None,
                  "feed gap: 70 s without quotes from 2025-01-06T14:30:30.000Z to 2025-01-06T14:31:40.000Z"),
                 id="gap before the touch: the touch cannot be trusted"),
    pytest.param(YM_LONG, [(61_000, "44020", "44021")], 61_000,
                 ("Error", 61_000, None,
                  "feed gap: 61 s without quotes from 2025-01-06T14:30:00.000Z to 2025-01-06T14:31:01.000Z"),
                 id="first quote more than the gap after T"),
    pytest.param(YM_LONG, [(30_000, "44020", "44021")], 500_000,
                 ("Worked", 30_000, "44020", "target"), id="gap after the touch: the touch still wins"),
    pytest.param(YM_LONG, flat(30_000, 95_000), 95_000,
                 ("Error", 95_000, None,
                  "feed gap: 65 s without quotes from 2025-01-06T14:30:30.000Z to 2025-01-06T14:31:35.000Z"),
                 id="gap without touch decided as soon as it ends"),
    pytest.param(YM_LONG, flat(30_000, 50_000, 130_000), 130_000,
                 ("Error", 120_000, None,
                  "feed gap: 70 s without quotes from 2025-01-06T14:30:50.000Z to 2025-01-06T14:32:00.000Z"),
                 id="quotes stop more than the gap before the end"),
    pytest.param(YM_LONG, [], 180_000,
                 ("Error", 120_000, None,
                  "feed gap: 120 s without quotes from 2025-01-06T14:30:00.000Z to 2025-01-06T14:32:00.000Z"),
                 id="no quote in the whole window"),
    pytest.param(YM_LONG, [(30_000, "44000", "44001"), (89_999, "44000", "44001"), (90_000, "43980", "43981"),
                           (150_001, "44020", "44021")], 150_001,
                 ("Didn't Work", 90_000, "43980", "stop"), id="gap right after the touch does not matter"),
    pytest.param(YM_SHORT, [(30_000, "43979", "43980")], 30_000,
                 ("Worked", 30_000, "43980", "target"), id="short ask reaches target"),
    pytest.param(YM_SHORT, [(30_000, "44019", "44020")], 30_000,
                 ("Didn't Work", 30_000, "44020", "stop"), id="short ask reaches stop"),
    pytest.param(YM_SHORT, [(30_000, "43980", "43981"), *flat(60_000, 90_000, 125_000)], 125_000,
                 ("Expired", 120_000, None, "window"), id="short ignores the bid reaching its target"),
    pytest.param(YM_SHORT, [(30_000, "43976", "43977")], 30_000,
                 ("Worked", 30_000, "43977", "target"), id="short resolution price is the ask"),
    pytest.param(ZB_LONG, [(30_000, "117.625", "117.65625")], 30_000,
                 ("Worked", 30_000, "117.625", "target"), id="ZB 1/32 ticks: touch exactly at the target"),
    pytest.param(ZB_LONG, [*flat(30_000, 90_000, 121_000, bid="117.59375", ask="117.625")], 121_000,
                 ("Expired", 120_000, None, "window"), id="ZB one tick short of the target"),
    pytest.param(CL_LONG, [(30_000, "60.12", "60.13")], 30_000,
                 ("Worked", 30_000, "60.12", "target"), id="CL 0.01 ticks: a float target would miss this"),
    pytest.param(CL_LONG, [(30_000, "59.92", "59.93")], 30_000,
                 ("Didn't Work", 30_000, "59.92", "stop"), id="CL stop exactly"),
]


@pytest.mark.parametrize("spec, rows, clock, expected", SCENARIOS)
def test_first_touch_scenarios(spec, rows, clock, expected):
    result = run(spec, rows, clock)
    if expected is None:
        assert result is None
        return
    outcome, resolved_after_t, price, reason = expected
    assert (result.outcome, result.resolved_at_ms, result.resolution_price, result.reason) == (
        outcome, T + resolved_after_t, None if price is None else D(price), reason)
    assert result.grader_version == GRADER_VERSION
    assert result.ambiguous is False


@pytest.mark.parametrize("spec, rows, pnl", [
    (YM_LONG, [(30_000, "44020", "44021")], D("100")),
    (YM_LONG, [(30_000, "43980", "43981")], D("-100")),
    (ZB_LONG, [(30_000, "117.625", "117.65625")], D("93.75")),      # the dollars the whole ticks are worth
    (ZB_LONG, [(30_000, "117.4375", "117.46875")], D("-93.75")),
    (YM_LONG, flat(30_000, 90_000, 121_000), D("0")),               # Expired
    (YM_LONG, [(61_000, "44020", "44021")], D("0")),                # Error
])
def test_pnl_is_the_bracket_dollars(spec, rows, pnl):
    assert run(spec, rows, 200_000).pnl_usd == pnl


def test_no_entry_is_resolved_at_the_open():
    result = grade_no_entry(T)
    assert (result.outcome, result.pnl_usd, result.resolved_at_ms, result.resolution_price, result.reason) == (
        Outcome.NO_ENTRY, D(0), T, None, "composite HOLD")


def test_outcomes_use_the_seeds_words():
    assert [o.value for o in Outcome] == ["Pending", "Worked", "Didn't Work", "Expired", "No Entry", "Error"]


def test_a_trade_comes_from_a_bracket():
    zb = Bracket(side=Side.SELL, entry=D("117.5"), target=D("117.40625"), stop=D("117.59375"),
                 target_ticks=3, stop_ticks=3, target_usd=D("93.75"), stop_usd=D("93.75"))
    spec = TradeSpec.for_bracket(zb, open_ms=T, window_ms=1_800_000)
    assert (spec.side, spec.entry, spec.target, spec.stop, spec.target_usd, spec.window_end_ms) == (
        "SELL", D("117.5"), D("117.40625"), D("117.59375"), D("93.75"), T + 1_800_000)


# --- bad input: a clear error, nothing graded -------------------------------------------

@pytest.mark.parametrize("changes, error", [
    ({"side": "HOLD"}, ValueError),
    ({"target": D("43990")}, ValueError),                 # long target below entry
    ({"stop": D("44000")}, ValueError),                   # stop at the entry
    ({"side": "SELL"}, ValueError),                       # a short with a long's bracket
    ({"entry": 44000.0}, TypeError),                      # float price
    ({"target": D("44020.000000001")}, ValueError),       # not exact in 10^-8
    ({"window_ms": 0}, ValueError),
    ({"window_ms": 1800.5}, TypeError),
    ({"open_ms": None}, TypeError),
    ({"target_usd": D("-100")}, ValueError),
    ({"stop_usd": 100.0}, TypeError),
])
def test_it_rejects_a_bad_trade(changes, error):
    fields = dict(side="BUY", entry=D("44000"), target=D("44020"), stop=D("43980"), open_ms=T,
                  window_ms=WINDOW, target_usd=D(100), stop_usd=D(100))
    with pytest.raises(error):
        TradeSpec(**{**fields, **changes})


@pytest.mark.parametrize("ts, bid, ask, kwargs, error", [
    ([T + 2, T + 1], [D(1), D(1)], [D(2), D(2)], {}, ValueError),          # out of time order
    ([T + 1, T + 2], [D(1)], [D(2), D(2)], {}, ValueError),                # lengths differ
    ([T + 1.5], [D(1)], [D(2)], {}, TypeError),                            # fractional timestamp
    ([T + 1], [1.0], [D(2)], {}, TypeError),                               # float price
    ([T + 1], [D(1)], [D(2)], {"feed_gap_ms": 0}, ValueError),
    ([T + 1], [D(1)], [D(2)], {"observed_until_ms": 1.5e12}, TypeError),
])
def test_it_rejects_bad_quotes(ts, bid, ask, kwargs, error):
    with pytest.raises(error):
        grade(trade(YM_LONG), ts, bid, ask, **{"observed_until_ms": END, "feed_gap_ms": GAP, **kwargs})


def test_the_rules_import_without_django():
    # Live grading, replay and what-if call these anywhere, settings or not.
    code = ("import sys\n"
            "import MarketOpenCapture.rules.grading, MarketOpenCapture.rules.bars, MarketOpenCapture.rules.stats\n"
            "import MarketOpenCapture.rules.touch_index\n"
            "assert not any(name.split('.')[0] in ('django', 'celery') for name in sys.modules), 'Django imported'\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=Path(__file__).resolve().parents[2],
                            env={"PATH": ""}, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


# --- property: the vectorised grader agrees with a plain loop -----------------------------

def brute_force(trade, quotes, observed_until_ms, feed_gap_ms):
    """Walk the quotes one at a time, as a person with the rules in hand would."""
    end = trade.open_ms + trade.window_ms
    long = trade.side == "BUY"
    last = trade.open_ms
    for ts, bid, ask in quotes:
        if ts <= trade.open_ms:
            continue
        if ts > end:
            break
        if ts - last > feed_gap_ms:
            return (Outcome.ERROR, ts, None)
        price = bid if long else ask
        hit_stop = price <= trade.stop if long else price >= trade.stop
        hit_target = price >= trade.target if long else price <= trade.target
        if hit_stop:
            return (Outcome.DIDNT_WORK, ts, price)
        if hit_target:
            return (Outcome.WORKED, ts, price)
        last = ts
    else:
        if observed_until_ms < end + feed_gap_ms:
            return None
    if end - last > feed_gap_ms:
        return (Outcome.ERROR, end, None)
    return (Outcome.EXPIRED, end, None)


TICKS = [D("1"), D("0.25"), D("0.1"), D("0.01"), D("0.005"), D("0.0005"), D("0.03125")]


@st.composite
def graded_paths(draw):
    """A random walk on a tick grid with random pauses (some longer than the feed gap),
    and a few brackets whose open and window end often land exactly on a quote."""
    tick = draw(st.sampled_from(TICKS))
    feed_gap_ms = draw(st.sampled_from([1_000, 5_000, 60_000]))
    pauses = draw(st.lists(st.one_of(
        st.integers(0, feed_gap_ms), st.integers(feed_gap_ms - 1, feed_gap_ms + 1),
        st.integers(feed_gap_ms + 1, 4 * feed_gap_ms)), min_size=0, max_size=60))
    moves = draw(st.lists(st.integers(-3, 3), min_size=len(pauses), max_size=len(pauses)))
    spreads = draw(st.lists(st.integers(0, 2), min_size=len(pauses), max_size=len(pauses)))
    start = draw(st.integers(0, 10**12))
    level = draw(st.integers(1_000, 5_000))
    quotes, ts = [], start
    for pause, move, spread in zip(pauses, moves, spreads):
        ts, level = ts + pause, level + move
        quotes.append((ts, level * tick, (level + spread) * tick))
    times = [q[0] for q in quotes] or [start]
    trades = []
    for _ in range(draw(st.integers(1, 4))):
        # Offsets of ±1 ms and of exactly the feed gap probe every boundary of the rules.
        open_ms = draw(st.sampled_from(times)) + draw(st.sampled_from([-1, 0, 1, -7_000, -feed_gap_ms]))
        end = draw(st.sampled_from(times) | st.just(times[-1])) + draw(
            st.sampled_from([-1, 0, 1, 9_000, feed_gap_ms, feed_gap_ms + 1]))
        window_ms = max(1, end - open_ms) if draw(st.booleans()) else draw(st.integers(1, 20 * feed_gap_ms))
        entry = draw(st.integers(level - 5, level + 5))
        side = draw(st.sampled_from(["BUY", "SELL"]))
        up, down = draw(st.integers(1, 6)), draw(st.integers(1, 6))
        target, stop = (entry + up, entry - down) if side == "BUY" else (entry - up, entry + down)
        trades.append(TradeSpec(side, entry * tick, target * tick, stop * tick, open_ms, window_ms,
                                D(100), D(100)))
    observed = draw(st.sampled_from(times)) + draw(st.integers(-feed_gap_ms, 30 * feed_gap_ms))
    return quotes, trades, observed, feed_gap_ms


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(graded_paths())
def test_it_agrees_with_a_quote_by_quote_loop(case):
    quotes, trades, observed, feed_gap_ms = case
    # One path graded for several brackets, as what-if does (exercises what the path keeps).
    path = QuotePath.from_prices([q[0] for q in quotes], [q[1] for q in quotes], [q[2] for q in quotes])
    for spec in trades:
        result = path.grade(spec, observed_until_ms=observed, feed_gap_ms=feed_gap_ms)
        expected = brute_force(spec, quotes, observed, feed_gap_ms)
        got = None if result is None else (result.outcome, result.resolved_at_ms, result.resolution_price)
        assert got == expected

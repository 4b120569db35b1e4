"""`manage.py replay`: recorded history through the live calendar → capture → grading code, into a run.

The main file holds three trading days (Thursday 12 March, Friday 13 March
and Monday 16 March 2026; the weekend in between has no opens) of all 11
symbols, a quote every 30 s from a minute before each open to past its audit
horizon. Each open gets a book whose net changes make the composite BUY
(+6), SELL (−6) or HOLD (0), and a YM path designed for one outcome; the
expected sessions below are written by hand from those paths.
"""
import json
from datetime import datetime, timezone
from decimal import Decimal as D
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from LiveData.bus.memory import MemoryQuoteBus
from LiveData.feeds.csv_file import write_csv
from LiveData.quotes import Quote, to_ms
from MarketOpenCapture.models import AuditTrail, BacktestRun, FutureSnapshot, MarketOpenSession, MissedCapture
from MarketOpenCapture.services.capture import capture_open
from MarketOpenCapture.services.replay import ReplayError, SimulatedClock, default_run_name, replay
from MarketOpenCapture.tests.helpers import BOOK

pytestmark = [pytest.mark.embedded, pytest.mark.django_db]

STEP_S = 30
BEFORE_S, AFTER_S = 60, 7200 + 150
UP, DOWN, FLAT = 1, -1, 0  # the books: every net change of helpers.BOOK as is, negated, or zero

# Per open: (region, open UTC, book, YM bid at the open (ask = bid + 1), YM bid moves after the open as
# (seconds, bid), YM quotes missing in (from, to] seconds or None). Windows are 30 min, the feed gap 60 s.
OPENS = [
    # Thursday 12 March 2026
    ("Japan", "2026-03-12T00:00", UP, 47000, [(600, 47021)], None),  # BUY 47001: target 47021
    ("China", "2026-03-12T01:30", UP, 47100, [(90, 47090), (120, 47081)], None),  # stop 47081
    ("India", "2026-03-12T03:45", DOWN, 47200, [(1500, 47179)], None),  # SELL 47200: ask 47180 = target
    ("EuroNext", "2026-03-12T08:00", FLAT, 47300, [(60, 47400)], None),  # HOLD: no entry
    ("London", "2026-03-12T08:00", FLAT, 47300, [], None),  # the same instant, the same book
    ("Pre_USA", "2026-03-12T12:30", UP, 47400, [], None),  # nothing moves: expires
    ("USA", "2026-03-12T13:30", DOWN, 47500, [(30, 47519)], None),  # SELL 47500: ask 47520 = stop
    # Friday 13 March
    ("Japan", "2026-03-13T00:00", UP, 47600, [(600, 47621)], (300, 420)),  # 150 s gap before the touch
    ("China", "2026-03-13T01:30", UP, 47700, [(900, 47721), (930, 47710)], None),  # a one-quote spike
    ("India", "2026-03-13T03:45", FLAT, 47800, [], None),
    ("EuroNext", "2026-03-13T08:00", DOWN, 47900, [(1800, 47879)], None),  # touch at the window's very end
    ("London", "2026-03-13T08:00", DOWN, 47900, [], None),
    ("Pre_USA", "2026-03-13T12:30", UP, 48000, [(1830, 48021)], None),  # 30 s past the window: expires
    ("USA", "2026-03-13T13:30", UP, 48100, [(1200, 48081)], None),  # stop 48081
    # Monday 16 March
    ("Japan", "2026-03-16T00:00", DOWN, 48200, [], None),
    ("China", "2026-03-16T01:30", FLAT, 48300, [], None),
    ("India", "2026-03-16T03:45", UP, 48400, [(60, 48421)], None),
    ("EuroNext", "2026-03-16T08:00", UP, 48500, [(600, 48481)], None),
    ("London", "2026-03-16T08:00", UP, 48500, [], None),
    ("Pre_USA", "2026-03-16T12:30", DOWN, 48600, [(900, 48579)], None),  # ask 48580 = target
    ("USA", "2026-03-16T13:30", FLAT, 48700, [], None),
]

# What the replay must print: (region, date, open, composite, weight sum, side, entry, target, stop,
# outcome, resolved at, resolution price, P&L, reason), worked out by hand from OPENS.
GAP = "feed gap: 150 s without quotes from 2026-03-13T00:05:00.000Z to 2026-03-13T00:07:30.000Z"
EXPECTED = [
    ("Japan", "2026-03-12", "00:00", "BUY", 6, "BUY", 47001, 47021, 46981, "Worked", "00:10:00", 47021, 100, "target"),
    ("China", "2026-03-12", "01:30", "BUY", 6, "BUY", 47101, 47121, 47081,
     "Didn't Work", "01:32:00", 47081, -100, "stop"),
    ("India", "2026-03-12", "03:45", "SELL", -6, "SELL", 47200, 47180, 47220,
     "Worked", "04:10:00", 47180, 100, "target"),
    ("EuroNext", "2026-03-12", "08:00", "HOLD", 0, None, None, None, None,
     "No Entry", "08:00:00", None, 0, "composite HOLD"),
    ("London", "2026-03-12", "08:00", "HOLD", 0, None, None, None, None,
     "No Entry", "08:00:00", None, 0, "composite HOLD"),
    ("Pre_USA", "2026-03-12", "12:30", "BUY", 6, "BUY", 47401, 47421, 47381, "Expired", "13:00:00", None, 0, "window"),
    ("USA", "2026-03-12", "13:30", "SELL", -6, "SELL", 47500, 47480, 47520,
     "Didn't Work", "13:30:30", 47520, -100, "stop"),
    ("Japan", "2026-03-13", "00:00", "BUY", 6, "BUY", 47601, 47621, 47581, "Error", "00:07:30", None, 0, GAP),
    ("China", "2026-03-13", "01:30", "BUY", 6, "BUY", 47701, 47721, 47681, "Worked", "01:45:00", 47721, 100, "target"),
    ("India", "2026-03-13", "03:45", "HOLD", 0, None, None, None, None,
     "No Entry", "03:45:00", None, 0, "composite HOLD"),
    ("EuroNext", "2026-03-13", "08:00", "SELL", -6, "SELL", 47900, 47880, 47920,
     "Worked", "08:30:00", 47880, 100, "target"),
    ("London", "2026-03-13", "08:00", "SELL", -6, "SELL", 47900, 47880, 47920,
     "Worked", "08:30:00", 47880, 100, "target"),
    ("Pre_USA", "2026-03-13", "12:30", "BUY", 6, "BUY", 48001, 48021, 47981, "Expired", "13:00:00", None, 0, "window"),
    ("USA", "2026-03-13", "13:30", "BUY", 6, "BUY", 48101, 48121, 48081,
     "Didn't Work", "13:50:00", 48081, -100, "stop"),
    ("Japan", "2026-03-16", "00:00", "SELL", -6, "SELL", 48200, 48180, 48220, "Expired", "00:30:00", None, 0, "window"),
    ("China", "2026-03-16", "01:30", "HOLD", 0, None, None, None, None,
     "No Entry", "01:30:00", None, 0, "composite HOLD"),
    ("India", "2026-03-16", "03:45", "BUY", 6, "BUY", 48401, 48421, 48381, "Worked", "03:46:00", 48421, 100, "target"),
    ("EuroNext", "2026-03-16", "08:00", "BUY", 6, "BUY", 48501, 48521, 48481,
     "Didn't Work", "08:10:00", 48481, -100, "stop"),
    ("London", "2026-03-16", "08:00", "BUY", 6, "BUY", 48501, 48521, 48481,
     "Didn't Work", "08:10:00", 48481, -100, "stop"),
    ("Pre_USA", "2026-03-16", "12:30", "SELL", -6, "SELL", 48600, 48580, 48620,
     "Worked", "12:45:00", 48580, 100, "target"),
    ("USA", "2026-03-16", "13:30", "HOLD", 0, None, None, None, None,
     "No Entry", "13:30:00", None, 0, "composite HOLD"),
]


def expected_rows(expected=EXPECTED) -> list[dict]:
    rows = []
    for (region, day, opened, composite, weights, side, entry, target, stop, outcome, resolved, price, pnl,
         reason) in expected:
        rows.append({
            "region": region, "trading_date": day, "open_utc": f"{day}T{opened}:00.000Z",
            "composite_signal": composite, "signal_weight_sum": weights, "entry_side": side,
            "entry_price": entry, "target_price": target, "stop_price": stop, "outcome": outcome,
            "resolved_at": f"{day}T{resolved}.000Z", "resolution_price": price, "pnl_usd": pnl, "reason": reason,
            "ambiguous": False,
        })
    return rows


def _ms(text: str) -> int:
    return to_ms(datetime.fromisoformat(text).replace(tzinfo=timezone.utc))


def quotes(opens=OPENS, symbols=tuple(BOOK)) -> list[Quote]:
    """Every symbol every STEP_S around each open; each open's book and YM path hold until the next one."""
    changes = []  # (from ms, symbol, bid, ask, net change)
    samples = set()
    for _, opened, book, ym_bid, moves, _gap in opens:
        at = _ms(opened)
        for symbol, (change, bid, ask) in BOOK.items():
            if symbol == "YM":
                bid, ask = str(ym_bid), str(ym_bid + 1)
            changes.append((at - BEFORE_S * 1000, symbol, D(bid), D(ask), D(change) * book))
        changes += [(at + s * 1000, "YM", D(bid), D(bid) + 1, D(BOOK["YM"][0]) * book) for s, bid in moves]
        samples |= set(range(at - BEFORE_S * 1000, at + AFTER_S * 1000 + 1, STEP_S * 1000))
    gaps = [(_ms(opened) + start * 1000, _ms(opened) + end * 1000) for _, opened, *_, gap in opens if gap
            for start, end in [gap]]
    changes.sort(key=lambda change: change[0])
    made, state, next_change = [], {}, 0
    for ts in sorted(samples):
        while next_change < len(changes) and changes[next_change][0] <= ts:
            _, symbol, bid, ask, change = changes[next_change]
            state[symbol] = (bid, ask, change)
            next_change += 1
        for symbol in symbols:
            if symbol == "YM" and any(start < ts <= end for start, end in gaps):
                continue
            bid, ask, change = state[symbol]
            made.append(Quote(symbol=symbol, ts_ms=ts, bid=bid, ask=ask, change=change))
    return made


@pytest.fixture(scope="module")
def three_days(tmp_path_factory):
    path = tmp_path_factory.mktemp("replay") / "three-days.csv.gz"
    write_csv(path, quotes())
    return path


def run_replay(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("replay", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_replay_prints_the_sessions_worked_out_by_hand(seeded, three_days):
    out, err = run_replay(three_days, "--run", "march", "--json")
    assert json.loads(out) == expected_rows()  # stdout holds the JSON array and nothing else
    assert "21/21 opens" in err and "run 'march': 21 sessions" in err


def test_replayed_sessions_are_stored_whole(seeded, three_days):
    run_replay(three_days, "--run", "march", "--json")
    run = BacktestRun.objects.get(name="march")
    sessions = MarketOpenSession.objects.filter(run=run)
    assert sessions.count() == 21 and set(sessions.values_list("capture_source", flat=True)) == {"replay"}
    assert FutureSnapshot.objects.filter(session__run=run).count() == 21 * 12
    # Every session reached its audit horizon inside the file, so every trail is stored.
    assert AuditTrail.objects.filter(session__run=run).count() == 21
    assert not AuditTrail.objects.filter(session__run=run, touch_index__isnull=True).exists()  # what-if reads these
    assert not sessions.filter(grading_done=False).exists()
    # ES's theoretical trade on the Thursday Japan open: bought at 6825.50, flat, so it expired.
    es = FutureSnapshot.objects.get(session__run=run, session__region="Japan", session__trading_date="2026-03-12",
                                    symbol="ES")
    assert (es.trade_side, es.trade_entry, es.trade_outcome) == ("BUY", D("6825.5"), "Expired")
    assert run.parameters["quotes"] == len(quotes()) and run.parameters["policy"] == "composite"


def test_the_table_is_the_default_output(seeded, three_days):
    out, _ = run_replay(three_days, "--run", "table", "--verbosity", "0")
    lines = out.splitlines()
    assert lines[0].split()[:3] == ["open", "(UTC)", "region"] and len(lines) == 22
    assert lines[1].split()[:6] == ["2026-03-12T00:00:00.000Z", "Japan", "BUY", "BUY", "47001", "Worked"]


def test_a_window_for_the_run_replaces_the_regions(seeded, three_days):
    out, _ = run_replay(three_days, "--run", "long-window", "--window", "1860", "--json")
    rows = {(row["region"], row["trading_date"]): row for row in json.loads(out)}
    # Friday's Pre_USA touch came 30 s after a 30-minute window: inside a 31-minute one.
    assert rows[("Pre_USA", "2026-03-13")]["outcome"] == "Worked"
    assert rows[("Pre_USA", "2026-03-12")]["resolved_at"] == "2026-03-12T13:01:00.000Z"  # expired later
    assert set(MarketOpenSession.objects.filter(run__name="long-window").values_list(
        "evaluation_window_sec", flat=True)) == {1860}


# --- Runs are kept apart ------------------------------------------------------------------------

def test_live_sessions_are_untouched_and_delete_run_removes_only_the_run(seeded, three_days):
    bus = MemoryQuoteBus()
    bus.publish([quote for quote in quotes(OPENS[:1]) if quote.ts_ms <= _ms("2026-03-12T00:00")])
    live = capture_open("Japan", datetime(2026, 3, 12).date(), datetime(2026, 3, 12, tzinfo=timezone.utc),
                        bus=bus).session
    run_replay(three_days, "--run", "one", "--json")
    run_replay(three_days, "--run", "two", "--json")
    assert MarketOpenSession.objects.filter(run=None).get() == live  # the same region and day, three times
    assert MarketOpenSession.objects.get(pk=live.pk).outcome == "Pending"  # no replay graded it

    out = StringIO()
    call_command("delete_run", "one", stdout=out)
    assert out.getvalue().strip() == "deleted run 'one' and its 21 sessions"
    assert not BacktestRun.objects.filter(name="one").exists()
    assert MarketOpenSession.objects.filter(run__name="two").count() == 21
    assert MarketOpenSession.objects.filter(run=None).count() == 1
    with pytest.raises(CommandError, match="no run named 'one'"):
        call_command("delete_run", "one")


def test_a_taken_run_name_is_refused_unless_replaced(seeded, three_days):
    run_replay(three_days, "--run", "march", "--json")
    first = BacktestRun.objects.get(name="march").pk
    with pytest.raises(CommandError, match="a run named 'march' exists"):
        run_replay(three_days, "--run", "march")
    assert BacktestRun.objects.get(name="march").pk == first
    run_replay(three_days, "--run", "march", "--replace", "--json")
    assert BacktestRun.objects.get(name="march").pk != first
    assert MarketOpenSession.objects.filter(run__name="march").count() == 21


def test_the_default_run_name_is_the_files_and_the_time():
    at = datetime(2026, 3, 20, 9, 5, 7, tzinfo=timezone.utc)
    from pathlib import Path

    assert default_run_name([Path("a/ym-2026-03.csv.gz"), Path("es.csv")], at) == "ym-2026-03+es 2026-03-20 09:05:07"
    assert len(default_run_name([Path("x" * 300 + ".csv")], at)) == 100


# --- Bad input: a clear error, and nothing stored -------------------------------------------------

def test_a_bad_row_names_file_line_and_field_and_stores_nothing(seeded, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("symbol,ts,bid,ask\nYM,2026-03-12T00:00:00.000Z,47390,47380\n")
    with pytest.raises(CommandError, match=r"bad.csv: line 2, field 'ask': ask 47380 is below bid 47390"):
        run_replay(path, "--run", "bad")
    assert not BacktestRun.objects.exists() and not MarketOpenSession.objects.exists()


@pytest.mark.parametrize("args, message", [
    (["--window", "0"], "the window must be a positive whole number of seconds"),
    (["--speed", "fast"], "argument --speed: takes max or a positive number"),
    (["--policy", "random"], "argument --policy: invalid choice"),
])
def test_bad_options_are_refused(seeded, three_days, args, message):
    with pytest.raises(CommandError, match=message):
        run_replay(three_days, "--run", "x", *args)
    assert not BacktestRun.objects.exists()


def test_a_file_without_an_open_in_its_span_is_refused(seeded, tmp_path):
    path = tmp_path / "saturday.csv"
    path.write_text("symbol,ts,bid,ask\nYM,2026-03-14T10:00:00.000Z,1,2\nYM,2026-03-14T11:00:00.000Z,1,2\n")
    with pytest.raises(CommandError, match="no market opens between 2026-03-14T10:00:00.000Z and 2026-03-14T11"):
        run_replay(path)
    assert not BacktestRun.objects.exists()


def test_missing_or_mixed_files_are_refused(seeded, three_days, tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        run_replay(tmp_path / "nope.csv")
    bars = tmp_path / "bars.csv"
    bars.write_text("ts,symbol,open,high,low,close\n")
    with pytest.raises(CommandError, match="either quote files or bar files"):
        run_replay(three_days, bars)
    assert not BacktestRun.objects.exists()


# --- Policies, missed opens, unfinished data --------------------------------------------------------

def test_long_and_short_trade_a_ym_only_file_whatever_the_composite(seeded, tmp_path):
    path = tmp_path / "ym.csv"
    write_csv(path, quotes(OPENS[:3], symbols=("YM",)))  # Thursday's first three opens, YM alone
    long_rows = json.loads(run_replay(path, "--run", "long", "--policy", "long", "--json")[0])
    short_rows = json.loads(run_replay(path, "--run", "short", "--policy", "short", "--json")[0])
    # YM alone is STRONG_BUY or STRONG_SELL: ±2, a HOLD composite; the policy still trades.
    assert [(row["composite_signal"], row["signal_weight_sum"]) for row in long_rows] == [
        ("HOLD", 2), ("HOLD", 2), ("HOLD", -2)]
    assert [(row["entry_side"], row["entry_price"], row["outcome"], row["resolved_at"]) for row in long_rows] == [
        ("BUY", 47001, "Worked", "2026-03-12T00:10:00.000Z"),
        ("BUY", 47101, "Didn't Work", "2026-03-12T01:32:00.000Z"),
        ("BUY", 47201, "Didn't Work", "2026-03-12T04:10:00.000Z"),  # India's fall: a long's stop 47181
    ]
    assert [(row["entry_side"], row["entry_price"], row["outcome"], row["resolved_at"]) for row in short_rows] == [
        ("SELL", 47000, "Didn't Work", "2026-03-12T00:10:00.000Z"),
        ("SELL", 47100, "Expired", "2026-03-12T02:00:00.000Z"),  # ask 47082 never reached 47080
        ("SELL", 47200, "Worked", "2026-03-12T04:10:00.000Z"),
    ]


def test_an_open_without_a_ym_quote_is_a_missed_capture_of_the_run(seeded, tmp_path):
    path = tmp_path / "es.csv"
    # ES alone around Thursday's Japan open, and YM only from the China open on.
    write_csv(path, sorted(quotes(OPENS[:1], symbols=("ES",)) + quotes(OPENS[1:2], symbols=("YM",)),
                           key=lambda quote: quote.ts_ms))
    _, err = run_replay(path, "--run", "gappy", "--json")
    missed = MissedCapture.objects.get(run__name="gappy")
    assert (missed.region, missed.error) == ("Japan", "no YM quote at or before the open")
    assert "1 missed" in err and "missed Japan 2026-03-12: no YM quote at or before the open" in err
    assert MarketOpenSession.objects.filter(run__name="gappy").get().region == "China"
    call_command("delete_run", "gappy", stdout=StringIO())
    assert not MissedCapture.objects.exists()


def test_a_file_ending_inside_a_window_leaves_the_trade_pending(seeded, tmp_path):
    path = tmp_path / "short.csv"
    write_csv(path, [quote for quote in quotes(OPENS[5:6]) if quote.ts_ms <= _ms("2026-03-12T12:45")])
    [row] = json.loads(run_replay(path, "--run", "cut", "--json")[0])
    assert (row["region"], row["outcome"], row["resolved_at"]) == ("Pre_USA", "Pending", None)
    assert not AuditTrail.objects.exists()


# --- The simulated clock ------------------------------------------------------------------------

def test_at_a_speed_the_wall_clock_keeps_pace_with_the_replay():
    slept, wall = [], [100.0]

    def sleep(seconds):
        slept.append(seconds)
        wall[0] += seconds

    clock = SimulatedClock(start_ms=0, speed=60, sleep=sleep, wall=lambda: wall[0])
    clock.advance(60_000)  # a replayed minute at 60 × real time: one second
    wall[0] += 0.25  # the work took a quarter of a second
    clock.advance(120_000)
    clock.advance(90_000)  # the clock never goes back
    assert slept == [1.0, 0.75, 0.0] and clock.now_ms == 120_000
    fast = SimulatedClock(start_ms=0, speed=None, sleep=sleep)
    fast.advance(10**9)
    assert len(slept) == 3


def test_the_replay_paces_its_opens_at_the_chosen_speed(seeded, three_days):
    slept = []
    result = replay([three_days], run_name="paced", speed=3600.0, sleep=slept.append)
    assert result.sessions == 21 and len(slept) == 22  # a pause before each open, and one at the end
    # The data starts a minute before Thursday's Japan open; China opens 91 minutes after that.
    assert 0 <= slept[0] <= 60 / 3600
    assert 1.0 < slept[1] <= 91 * 60 / 3600  # 1.52 s at 3600 × real time, less the work already done


def test_replay_refuses_bad_options_before_reading(seeded, three_days):
    with pytest.raises(ReplayError, match="the speed must be a positive number"):
        replay([three_days], speed=0)
    with pytest.raises(ReplayError, match="unknown policy 'sideways'"):
        replay([three_days], policy="sideways")
    assert not BacktestRun.objects.exists()


"""What-if: stored sessions re-graded from their audit trails with another bracket, window or policy.

Every session here is captured and graded by the live code on a quote path
of its own: the book of helpers.BOOK (composite BUY +6, YM bid 47380 / ask
47388, so a BUY at 47388 with target 47408 and stop 47368 on the bid), then
YM quotes every 30 s to past the 2 h audit horizon.
"""
import io
import json
from dataclasses import asdict
from datetime import datetime, timedelta, timezone
from decimal import Decimal as D
from io import StringIO

import numpy as np
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from FutureTrading.models import SymbolConfig
from FutureTrading.rules.bracket import bracket
from FutureTrading.services.config import instrument_specs
from LiveData.bus.memory import MemoryQuoteBus
from LiveData.quotes import Quote, to_ms
from MarketOpenCapture.models import AuditTrail, BacktestRun, FutureSnapshot, MarketOpenSession
from MarketOpenCapture.rules.capture import trade_side
from MarketOpenCapture.rules.grading import TradeSpec
from MarketOpenCapture.services.analytics import add_up
from MarketOpenCapture.services.audit import unpack
from MarketOpenCapture.services.capture import capture_open
from MarketOpenCapture.services.grading import grade_step
from MarketOpenCapture.services.whatif import WhatIfError, whatif
from MarketOpenCapture.tests.helpers import BOOK

pytestmark = [pytest.mark.embedded, pytest.mark.django_db]

FIRST_OPEN = datetime(2026, 3, 2, tzinfo=timezone.utc)  # Monday: Tokyo opens at 00:00 UTC
HORIZON_MS = 7_200_000


def make_session(day: int, moves=(), *, region="Japan", book=1, run=None, graded=True,
                 silent=()) -> MarketOpenSession:
    """A session opening `day` days after FIRST_OPEN; YM's bid moves as [(seconds after the open, bid)];
    no quotes in the `silent` [(from, to)] seconds after the open."""
    opened = FIRST_OPEN + timedelta(days=day)
    at = to_ms(opened)
    bus = MemoryQuoteBus()
    bus.publish([Quote(symbol=symbol, ts_ms=at - 1000, bid=D(bid), ask=D(ask), change=D(change) * book)
                 for symbol, (change, bid, ask) in BOOK.items()])
    bid, path, moves = D("47380"), [], sorted(moves)
    for second in range(30, HORIZON_MS // 1000 + 120, 30):
        while moves and moves[0][0] <= second:
            bid = D(moves.pop(0)[1])
        if not any(start <= second <= end for start, end in silent):
            path.append(Quote(symbol="YM", ts_ms=at + second * 1000, bid=bid, ask=bid + 8))
    bus.publish(path)
    session = capture_open(region, opened.date(), opened, bus=bus, run=run).session
    if graded:
        assert grade_step(session, bus, at + HORIZON_MS + 60_001)  # the horizon + the feed-gap limit
    return MarketOpenSession.objects.get(pk=session.pk)


def counts(summary: dict) -> tuple:
    return summary["worked"], summary["didnt_work"], summary["expired"], summary["no_entry"], summary["errors"]


@pytest.fixture
def run(seeded):
    return BacktestRun.objects.create(name="march")


def sessions_of(run):
    return MarketOpenSession.objects.filter(run=run)


def test_with_nothing_changed_it_gives_the_recorded_figures(run):
    make_session(0, [(600, "47408")], run=run)  # Worked
    make_session(1, [(300, "47368")], run=run)  # Didn't Work
    make_session(2, [], run=run)  # Expired
    make_session(3, book=0, run=run)  # HOLD: No Entry
    result = whatif(sessions_of(run))
    assert result["recorded"] == result["whatif"]
    assert counts(result["recorded"]) == (1, 1, 1, 1, 0)
    assert (result["sessions"], result["skipped"]) == (4, [])


@pytest.mark.parametrize("question, recorded, expected", [
    # A wider target: 47408 was touched, 47418 ($150 = 30 ticks) never: Worked becomes Expired.
    (dict(target_usd=D(150)), [(600, "47408"), (660, "47390")], ((0, 0, 1, 0, 0), D(0))),
    # A tighter stop: $50 = 10 ticks, 47378; the bid dipped to 47375 before rising to the target.
    (dict(stop_usd=D(50)), [(300, "47375"), (330, "47390"), (600, "47408")], ((0, 1, 0, 0, 0), D(-50))),
    # A longer window: the target came 40 minutes in, after the recorded 30-minute window.
    (dict(window_sec=3600), [(2400, "47408")], ((1, 0, 0, 0, 0), D(100))),
    # Always short: sold at the bid 47380, stop 47400 on the ask; the rise to 47408 (ask 47416) stops it.
    (dict(policy="short"), [(600, "47408")], ((0, 1, 0, 0, 0), D(-100))),
])
def test_other_parameters_regrade_from_the_trail_and_the_record_stays(run, question, recorded, expected):
    session = make_session(0, recorded, run=run)
    before = MarketOpenSession.objects.filter(pk=session.pk).values().get()
    result = whatif(sessions_of(run), **question)
    assert (counts(result["whatif"]), result["whatif"]["total_pnl"]) == expected
    assert result["recorded"]["total_pnl"] == session.pnl_usd
    assert MarketOpenSession.objects.filter(pk=session.pk).values().get() == before  # nothing written


def test_a_worked_trade_reports_hit_rate_interval_and_ev(run):
    for day in range(3):
        make_session(day, [(600, "47408")], run=run)
    make_session(3, [(600, "47368")], run=run)
    result = whatif(sessions_of(run), target_usd=D(40))  # 8 ticks, 47396: the three still work, for $40
    alternative = result["whatif"]
    assert (alternative["worked"], alternative["didnt_work"], alternative["hit_rate"]) == (3, 1, 0.75)
    # Wilson 95% for 3 of 4: centre 0.6275, half-width 0.3269.
    assert (round(alternative["hit_rate_low"], 3), round(alternative["hit_rate_high"], 3)) == (0.301, 0.954)
    assert (alternative["total_pnl"], alternative["expected_value"]) == (D(20), D("5.00"))  # 3 × 40 − 100, / 4
    assert (result["recorded"]["total_pnl"], result["recorded"]["expected_value"]) == (D(200), D("50.00"))


def test_sessions_without_a_usable_trail_are_skipped_and_listed(run):
    make_session(0, [(600, "47408")], run=run)
    pending = make_session(1, [(600, "47408")], run=run, graded=False)
    result = whatif(sessions_of(run))
    assert result["sessions"] == 1 and result["recorded"]["total_sessions"] == 1
    assert result["skipped"] == [{"session": pending.pk, "region": "Japan", "trading_date": "2026-03-03",
                                  "reason": "no audit trail (not graded to its horizon yet, or replayed from bars)"}]
    longer = whatif(sessions_of(run), window_sec=7201)
    assert longer["sessions"] == 0
    assert longer["skipped"][0]["reason"] == "the audit trail covers 7200 s, the window is 7201 s"


def test_no_entry_needs_no_trail_until_a_policy_asks_for_a_trade(run):
    make_session(0, book=0, run=run, graded=False)  # HOLD, resolved at capture; no trail stored yet
    assert whatif(sessions_of(run))["sessions"] == 1
    assert whatif(sessions_of(run), policy="long")["sessions"] == 0


def test_a_policy_trades_a_hold_session_at_the_quote_of_the_open(run):
    make_session(0, [(600, "47408")], book=0, run=run)
    result = whatif(sessions_of(run), policy="long")  # bought at the ask 47388: 47408 is its target
    assert counts(result["recorded"]) == (0, 0, 0, 1, 0)
    assert counts(result["whatif"]) == (1, 0, 0, 0, 0)


def test_regions_opening_together_take_one_trade(run):
    london = make_session(0, [(600, "47408")], region="London", run=run)
    euronext = make_session(0, [(600, "47408")], region="EuroNext", run=run)
    assert london.open_at == euronext.open_at
    result = whatif(sessions_of(run), target_usd=D(150))
    assert result["sessions"] == 2
    assert result["recorded"]["total_sessions"] == result["whatif"]["total_sessions"] == 2  # two sessions
    assert result["recorded"]["entries_made"] == result["whatif"]["entries_made"] == 1  # one trade (pooled)
    assert "London and Amsterdam" in result["pooled"]
    MarketOpenSession.objects.filter(run=run).update(ambiguous=True)  # as a bar replay flags a trade
    assert whatif(sessions_of(run))["recorded"]["ambiguous"] == 1  # the one trade, flagged once


def test_the_recorded_side_is_historys_figures_of_the_same_sessions(run):
    for region in ("London", "EuroNext"):
        make_session(0, [(600, "47408")], region=region, run=run)  # one shared trade: Worked
        make_session(1, region=region, book=0, run=run)  # both hold: two sessions, no trade to share
    make_session(2, [(600, "47368")], region="Japan", run=run)  # Didn't Work
    recorded = whatif(sessions_of(run))["recorded"]
    assert recorded == asdict(add_up(sessions_of(run)).overall.summary)  # one pooling rule
    assert (recorded["total_sessions"], recorded["entries_made"], recorded["no_entry"]) == (5, 2, 2)


def test_the_ticks_are_those_the_session_was_captured_with(run):
    make_session(0, [(600, "47408")], run=run)
    SymbolConfig.objects.filter(symbol="YM").update(tick_value=D(10))  # an admin edit after the capture
    result = whatif(sessions_of(run), target_usd=D(100))
    assert counts(result["whatif"]) == (1, 0, 0, 0, 0)  # still 20 ticks of $5: 47408


def test_each_session_keeps_the_ticks_it_was_captured_with(run):
    make_session(0, [(600, "47398")], run=run)
    dearer = make_session(1, [(600, "47398")], run=run)
    FutureSnapshot.objects.filter(session=dearer, symbol="YM").update(tick_value=D(10))  # captured at $10 a tick
    # $100 is 20 ticks for the first (47408: never reached) and 10 for the second (47398: reached).
    assert counts(whatif(sessions_of(run), target_usd=D(100))["whatif"]) == (1, 0, 1, 0, 0)


@pytest.mark.parametrize("question, message", [
    (dict(target_usd=D(-5)), "target_usd must be a positive amount of dollars"),
    (dict(stop_usd=D("NaN")), "stop_usd must be a positive amount of dollars"),
    (dict(target_usd=1.5), "target_usd must be a Decimal amount of dollars"),
    (dict(window_sec=0), "window_sec must be a positive whole number of seconds"),
    (dict(window_sec=True), "window_sec must be a positive whole number of seconds"),
    (dict(policy="up"), "unknown policy 'up'"),
])
def test_a_bad_question_is_refused(run, question, message):
    with pytest.raises(WhatIfError, match=message):
        whatif(sessions_of(run), **question)


# --- The command ----------------------------------------------------------------------------------

def test_the_command_prints_recorded_and_what_if_side_by_side(run):
    make_session(0, [(600, "47408")], run=run)
    out = StringIO()
    call_command("whatif", "--run", "march", "--target-usd", "150", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("1 sessions of march")
    assert lines[1].split() == ["recorded", "what-if"]
    assert lines[4].split() == ["worked", "1", "0"] and lines[6].split() == ["expired", "0", "1"]
    assert lines[10].split()[:4] == ["hit", "rate", "100.0%", "(20.7%–100.0%)"]  # 1 of 1 worked, as recorded


def test_the_command_prints_json_and_knows_live(run):
    make_session(0, [(600, "47408")], run=run)
    make_session(1, [(600, "47368")])  # a live session
    out = StringIO()
    call_command("whatif", "--run", "live", "--json", stdout=out)
    result = json.loads(out.getvalue())
    assert (result["sessions"], result["whatif"]["didnt_work"], result["whatif"]["total_pnl"]) == (1, 1, -100)
    with pytest.raises(CommandError, match="no run named 'april'"):
        call_command("whatif", "--run", "april")
    with pytest.raises(CommandError, match="target_usd must be a positive amount"):
        call_command("whatif", "--run", "live", "--target-usd", "0")


# --- The audit trail it reads ---------------------------------------------------------------------

def test_trails_stored_before_the_compact_packing_still_load(run):
    session = make_session(0, [(600, "47408")], run=run)
    trail = AuditTrail.objects.get(session=session)
    path = unpack(trail.data)
    old = io.BytesIO()
    np.savez_compressed(old, ts=path.ts_ms, bid=path.bid, ask=path.ask)  # the .npz of the first grader
    AuditTrail.objects.filter(pk=trail.pk).update(data=old.getvalue())
    assert whatif(sessions_of(run), target_usd=D(150))["whatif"]["expired"] == 1
    assert trail.quote_count == 240 and len(trail.data) < 200  # 2 h of quotes every 30 s in a few dozen bytes


def test_trails_stored_before_their_touch_index_give_the_same_answers(run):
    make_session(0, [(600, "47408")], run=run)
    make_session(1, [(300, "47375"), (2400, "47420")], run=run)
    make_session(2, [(5000, "47300")], book=-1, run=run)  # a SELL
    questions = [{}, dict(target_usd=D(150)), dict(stop_usd=D(50)), dict(window_sec=7200), dict(policy="long")]
    indexed = [whatif(sessions_of(run), **question) for question in questions]
    AuditTrail.objects.filter(session__run=run).update(touch_index=None)  # as stored by the first grader
    assert [whatif(sessions_of(run), **question) for question in questions] == indexed


# --- Each session's what-if outcome is the grader's on the trail ------------------------------------

def graded_on_the_trail(session: MarketOpenSession, target_usd=None, stop_usd=None, window_sec=None, policy=None):
    """The what-if outcome of one session the slow way: its quotes through QuotePath.grade."""
    side = trade_side(session.composite_signal, policy) if policy else session.entry_side
    if side is None:
        return "No Entry"
    recorded = side == session.entry_side
    entry = session.entry_price if recorded else (session.ym_ask if side == "BUY" else session.ym_bid)
    made = bracket(side, entry, instrument_specs()["YM"], target_usd or (session.target_usd if recorded else None),
                   stop_usd or (session.stop_usd if recorded else None))
    trade = TradeSpec.for_bracket(made, open_ms=to_ms(session.open_at),
                                  window_ms=(window_sec or session.evaluation_window_sec) * 1000)
    trail = AuditTrail.objects.get(session=session)
    return unpack(trail.data).grade(trade, observed_until_ms=trail.end_ms + 60_000, feed_gap_ms=60_000).outcome


def test_every_answer_is_the_graders_on_the_quotes(run):
    # BUY, SELL and HOLD sessions whose bid wanders, some with a few minutes without quotes.
    rng = np.random.default_rng(11)
    for day in range(12):
        moves = [(30 * (i + 1), str(bid)) for i, bid in enumerate(47380 + np.cumsum(rng.integers(-4, 5, size=240)))]
        start = int(rng.integers(0, 3000))
        make_session(day, moves, book=(1, -1, 0)[day % 3], run=run, silent=[(start, start + 150)] if day % 2 else [])
    make_session(12, [(1800, "47408")], run=run)  # the target exactly at the end of the 30-minute window
    seen = set()
    for question in ({}, dict(target_usd=D(150), stop_usd=D(40)), dict(window_sec=600), dict(window_sec=5400),
                     dict(policy="short", target_usd=D(60)), dict(policy="long", stop_usd=D(200))):
        outcomes = [graded_on_the_trail(session, **question) for session in sessions_of(run)]
        expected = tuple(outcomes.count(word) for word in ("Worked", "Didn't Work", "Expired", "No Entry", "Error"))
        assert counts(whatif(sessions_of(run), **question)["whatif"]) == expected
        seen.update(outcomes)
    assert seen == {"Worked", "Didn't Work", "Expired", "No Entry", "Error"}  # the paths tried every outcome

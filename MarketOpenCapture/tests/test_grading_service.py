"""The live grader: outcomes from the complete quote stream, recorded once (SPEC §5)."""
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal as D

import pytest
from django.core.management import call_command

from LiveData.quotes import Quote, to_ms
from MarketOpenCapture.models import AuditTrail, FutureSnapshot, MarketOpenSession
from MarketOpenCapture.rules.outcomes import GradeResult, Outcome
from MarketOpenCapture.services.audit import audit_path
from MarketOpenCapture.services.capture import capture_open
from MarketOpenCapture.services.grading import grade_due, grade_step, record_outcome
from MarketOpenCapture.tests.helpers import book_at

OPEN = datetime(2026, 11, 30, 0, 0, tzinfo=timezone.utc)
T = to_ms(OPEN)
WINDOW_END = T + 1_800_000


def ym(ts_ms, bid, ask=None):
    bid = D(bid)
    return Quote(symbol="YM", ts_ms=ts_ms, bid=bid, ask=D(ask) if ask else bid + 2)


@pytest.fixture
def session(quote_bus, seeded):
    """A BUY at 47388 (target 47408, stop 47368) captured at Tokyo's open."""
    quote_bus.publish(book_at(T - 1_000))
    return capture_open("Japan", date(2026, 11, 30), OPEN, bus=quote_bus).session


def reload(session):
    return MarketOpenSession.objects.get(pk=session.pk)


def test_a_one_quote_spike_between_two_polls_is_found(session, quote_bus):
    quote_bus.publish([ym(T + 10_000, "47390"), ym(T + 20_000, "47395")])
    assert not grade_step(session, quote_bus, now_ms=T + 25_000)
    assert reload(session).outcome == "Pending"
    # Between two polls the bid touched the target for one quote only, then fell back.
    quote_bus.publish([ym(T + 30_000, "47395"), ym(T + 30_250, "47408"), ym(T + 30_500, "47396")])
    grade_step(session, quote_bus, now_ms=T + 40_000)
    graded = reload(session)
    assert (graded.outcome, graded.pnl_usd, graded.resolution_price) == ("Worked", D("100"), D("47408"))
    assert graded.resolved_at == OPEN + timedelta(milliseconds=30_250)
    assert graded.outcome_reason == "target" and graded.grader_version == 1


def test_a_quote_stamped_like_one_already_read_is_still_graded(session, quote_bus):
    quote_bus.publish([ym(T + 10_000, "47390")])
    grade_step(session, quote_bus, now_ms=T + 10_000)
    # Same timestamp, published after that look: the bus keeps both, in arrival order.
    quote_bus.publish([ym(T + 10_000, "47408")])
    grade_step(session, quote_bus, now_ms=T + 10_500)
    graded = reload(session)
    assert (graded.outcome, graded.resolved_at) == ("Worked", OPEN + timedelta(seconds=10))


def test_reading_only_new_quotes_sees_what_a_full_read_sees(session, quote_bus):
    from MarketOpenCapture.services.grading import StreamCursor
    from MarketOpenCapture.services.audit import bus_path

    cursor = StreamCursor(T)
    for step in range(1, 6):
        quote_bus.publish([ym(T + step * 1_000, str(47390 + step)), ym(T + step * 1_000, "47391")])
        incremental = cursor.read(quote_bus, "YM", T + step * 1_000)
    full = bus_path(quote_bus, "YM", T, T + 5_000)
    assert list(incremental.ts_ms) == list(full[0]) and list(incremental.bid) == list(full[1])
    assert len(incremental) == 10


def test_the_stop_first_is_didnt_work(session, quote_bus):
    quote_bus.publish([ym(T + 10_000, "47368"), ym(T + 20_000, "47408")])
    grade_step(session, quote_bus, now_ms=T + 25_000)
    graded = reload(session)
    assert (graded.outcome, graded.pnl_usd, graded.resolved_at) == (
        "Didn't Work", D("-100"), OPEN + timedelta(seconds=10))


def test_no_touch_expires_at_the_window_end_once_a_later_quote_is_seen(session, quote_bus):
    quote_bus.publish([ym(T + s * 30_000, "47390") for s in range(1, 61)])  # up to exactly T + 30 min
    grade_step(session, quote_bus, now_ms=WINDOW_END + 1)
    assert reload(session).outcome == "Pending"  # not yet: nothing past the window seen, gap not elapsed
    quote_bus.publish([ym(WINDOW_END + 1, "47500")])  # past the window: does not count as a touch
    grade_step(session, quote_bus, now_ms=WINDOW_END + 2)
    graded = reload(session)
    assert (graded.outcome, graded.pnl_usd, graded.resolved_at) == ("Expired", D("0"), OPEN + timedelta(minutes=30))


def test_a_feed_gap_is_an_error_not_an_expiry(session, quote_bus):
    quote_bus.publish([ym(T + 10_000, "47390"), ym(T + 100_000, "47391")])  # 90 s without quotes
    grade_step(session, quote_bus, now_ms=T + 200_000)
    graded = reload(session)
    assert graded.outcome == "Error" and graded.outcome_reason.startswith("feed gap")


def test_an_outcome_is_recorded_once(session):
    first = GradeResult(Outcome.WORKED, D("100"), T + 5, D("47408"), "target")
    other = GradeResult(Outcome.DIDNT_WORK, D("-100"), T + 9, D("47368"), "stop")
    assert record_outcome(session.pk, first)
    assert not record_outcome(session.pk, other)
    assert reload(session).outcome == "Worked"


def test_after_the_horizon_everything_is_stored_and_grading_stops(session, quote_bus):
    path = [ym(T + s * 20_000, str(47390 + (s % 3))) for s in range(1, 400)]
    path[50] = ym(path[50].ts_ms, "47410")  # the target, 17 minutes in
    quote_bus.publish(path)
    es = [Quote(symbol="ES", ts_ms=q.ts_ms, bid=D("6826"), ask=D("6826.25")) for q in path[:100]]
    quote_bus.publish(es)
    assert grade_step(session, quote_bus, now_ms=T + 7_200_001 + feed_gap_ms())

    graded = reload(session)
    assert graded.outcome == "Worked" and graded.grading_done
    # ES bought at 6825.50, target 6827.50: never touched, quotes went on past the window.
    es_row = FutureSnapshot.objects.get(session=session, symbol="ES")
    assert (es_row.trade_outcome, es_row.trade_pnl_usd) == ("Expired", D("0"))
    # NQ had no quotes at all after the open: an honest Error.
    assert FutureSnapshot.objects.get(session=session, symbol="NQ").trade_outcome == "Error"
    trail = AuditTrail.objects.get(session=session)
    assert (trail.symbol, trail.quote_count) == ("YM", 360)  # 20 s apart up to T + 2 h
    replay = audit_path(session)
    assert list(replay.ts_ms[:2]) == [T + 20_000, T + 40_000]


def feed_gap_ms() -> int:
    from FutureTrading.services.config import trading_config

    return trading_config().feed_gap_sec * 1000


def test_the_trail_waits_for_a_late_quote_stamped_before_the_horizon(session, quote_bus):
    quote_bus.publish([ym(T + 60_000, "47410")])  # Worked a minute in
    quote_bus.publish([ym(T + s * 600_000, "47395") for s in range(1, 12)])  # every 10 min up to T + 1 h 50
    assert not grade_step(session, quote_bus, now_ms=T + 7_200_001)
    assert not AuditTrail.objects.filter(session=session).exists()
    # The feed delivers, a few seconds late, a quote stamped a second before the 2 h horizon.
    quote_bus.publish([ym(T + 7_199_000, "47401")])
    assert grade_step(session, quote_bus, now_ms=T + 7_200_001 + feed_gap_ms())
    trail = audit_path(session)
    assert trail.ts_ms[-1] == T + 7_199_000


def test_grade_market_opens_grades_the_pending_sessions(session, quote_bus, settings):
    settings.THOR_CLOCK_NOW = OPEN + timedelta(seconds=20)
    quote_bus.publish([ym(T + 10_000, "47408")])
    call_command("grade_market_opens", "--once")
    assert reload(session).outcome == "Worked"


def test_grading_can_be_switched_off(session, quote_bus):
    from FutureTrading.models import TradingConfig

    TradingConfig.objects.update(grading_enabled=False)
    quote_bus.publish([ym(T + 10_000, "47408")])
    assert grade_due(quote_bus, T + 20_000) == 0
    assert reload(session).outcome == "Pending"

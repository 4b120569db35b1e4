"""Replay from 1-minute bars: the capture reads the bar at the open, BarPath grades, a two-sided bar is a stop."""
import json
from datetime import datetime, timezone
from decimal import Decimal as D
from io import StringIO

import pytest
from django.core.management import call_command

from LiveData.quotes import to_ms
from MarketOpenCapture.models import MarketOpenSession
from MarketOpenCapture.rules.bars import BarPath
from MarketOpenCapture.services.replay_bars import BarQuotes, trading_day_end_before

pytestmark = pytest.mark.embedded

MINUTE = 60_000


def ms(text: str) -> int:
    return to_ms(datetime.fromisoformat(text).replace(tzinfo=timezone.utc))


@pytest.mark.parametrize("at, day_end", [
    ("2026-03-12T00:00", "2026-03-11T21:00"),  # Tokyo's open is 20:00 in New York (EDT): that day's 17:00
    ("2026-03-12T13:30", "2026-03-11T21:00"),  # New York's open: the day before's 17:00
    ("2026-03-12T21:00", "2026-03-12T21:00"),  # 17:00 itself
    ("2026-01-05T14:30", "2026-01-04T22:00"),  # winter (EST): 17:00 is 22:00 UTC
    ("2026-03-16T00:00", "2026-03-15T21:00"),  # Monday's Tokyo open: Sunday 17:00, so Friday's last bar
    ("2026-03-09T00:00", "2026-03-08T21:00"),  # the evening of the day the clocks went forward
])
def test_the_trading_day_ends_at_17_new_york_time(at, day_end):
    assert trading_day_end_before(ms(at)) == ms(day_end)


def bars(symbol_rows: dict[str, list[tuple[str, str, str, str, str]]]) -> BarQuotes:
    """{symbol: [(start, open, high, low, close)]} as BarQuotes."""
    paths = {}
    for symbol, rows in symbol_rows.items():
        paths[symbol] = BarPath.from_prices([ms(start) for start, *_ in rows], *(
            [D(row[i]) for row in rows] for i in range(1, 5)))
    return BarQuotes(paths)


YM_BARS = [
    ("2026-03-11T20:58", "47010", "47012", "47001", "47005"),
    ("2026-03-11T20:59", "47005", "47006", "46999", "47000"),  # ends 17:00 New York: the previous close
    ("2026-03-11T22:00", "47030", "47031", "47029", "47030"),  # the evening session
    ("2026-03-12T00:00:30", "47070", "47071", "47069", "47070"),  # starts half a minute after the open
]


@pytest.mark.parametrize("at, expected", [
    ("2026-03-12T00:00", ("47070", "47000")),  # the bar starting within the minute after the open, at its open
    ("2026-03-11T22:00", ("47030", "47000")),  # a bar starting exactly then
    ("2026-03-11T23:59:29", None),  # the next bar starts 61 s later: no price at that instant
    ("2026-03-12T00:01", None),  # after the last bar
])
def test_the_capture_reads_the_open_of_the_bar_at_or_just_after_the_instant(at, expected):
    quote = bars({"YM": YM_BARS}).as_of("YM", ms(at))
    if expected is None:
        assert quote is None
        return
    assert quote.ts_ms == ms(at)  # stamped at the instant asked: a capture takes it as its price at T
    assert (quote.bid, quote.ask, quote.last, quote.prev_close) == (D(expected[0]), D(expected[0]),
                                                                    D(expected[0]), D(expected[1]))
    assert quote.net_change == D(expected[0]) - D(expected[1])


def test_without_a_bar_before_the_day_end_there_is_no_previous_close():
    quote = bars({"YM": YM_BARS[2:]}).as_of("YM", ms("2026-03-12T00:00"))
    assert quote.prev_close is None and quote.net_change is None  # unclassified, not a guess


def test_bars_are_no_quote_stream():
    quotes = bars({"YM": YM_BARS})
    assert quotes.span() == (ms("2026-03-11T20:58"), ms("2026-03-12T00:01:30"))
    assert quotes.latest(["YM", "ES"])["YM"].bid == D("47070")  # the last bar's close, at its end
    for call in (lambda: quotes.between("YM", 0, 1), lambda: quotes.publish([]), lambda: quotes.prune(0)):
        with pytest.raises(TypeError):
            call()


# --- A bar replay end to end ----------------------------------------------------------------------

def bar_file(path, last_start: str) -> None:
    """YM and NQ: yesterday's close, then minute bars from Tokyo's open (00:00 UTC) to `last_start`.

    At the open YM is up 70 (STRONG_BUY, +2) and NQ up 20 (STRONG_BUY, +2): composite BUY (+4).
    The YM bar at 00:05 reaches both 47090 (target) and 47050 (stop).
    """
    lines = ["ts,symbol,open,high,low,close,volume",
             "2026-03-11T20:59:00.000Z,YM,47005,47006,46999,47000,12",
             "2026-03-11T20:59:00.000Z,NQ,25001,25002,24999,25000,"]
    minute = ms("2026-03-12T00:00")
    while minute <= ms(last_start):
        stamp = datetime.fromtimestamp(minute / 1000, timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z")
        two_sided = minute == ms("2026-03-12T00:05")
        lines.append(f"{stamp},YM,47070,{47095 if two_sided else 47075},{47045 if two_sided else 47065},47070,5")
        lines.append(f"{stamp},NQ,25020,25020.5,25019.5,25020,")
        minute += MINUTE
    path.write_text("\n".join(lines) + "\n")


@pytest.mark.django_db
def test_a_bar_holding_target_and_stop_is_a_stop_flagged_ambiguous(seeded, tmp_path):
    path = tmp_path / "bars.csv"
    bar_file(path, "2026-03-12T00:29")  # the last bar ends at 00:30, the window's end
    out, err = StringIO(), StringIO()
    call_command("replay", str(path), "--run", "bars", "--json", stdout=out, stderr=err)
    assert json.loads(out.getvalue()) == [{
        "region": "Japan", "trading_date": "2026-03-12", "open_utc": "2026-03-12T00:00:00.000Z",
        "composite_signal": "BUY", "signal_weight_sum": 4, "entry_side": "BUY", "entry_price": 47070,
        "target_price": 47090, "stop_price": 47050, "outcome": "Didn't Work",
        "resolved_at": "2026-03-12T00:05:00.000Z", "resolution_price": 47050, "pnl_usd": -100, "reason": "stop",
        "ambiguous": True,
    }]
    assert "from 62 bars" in err.getvalue()  # two closes and 30 minutes of two symbols
    session = MarketOpenSession.objects.get(run__name="bars")
    nq = session.snapshots.get(symbol="NQ")  # bought at 25020 with a 5-point bracket: never touched
    assert (nq.trade_entry, nq.trade_target, nq.trade_outcome) == (D("25020"), D("25025"), "Expired")
    assert session.grading_done and not hasattr(session, "audit")  # bars keep no quote trail


@pytest.mark.django_db
def test_bars_ending_before_the_window_does_leave_the_trade_pending(seeded, tmp_path):
    path = tmp_path / "bars.csv"
    bar_file(path, "2026-03-12T00:04")  # before the two-sided bar, and long before the window's end
    out = StringIO()
    call_command("replay", str(path), "--run", "short", "--json", stdout=out, stderr=StringIO())
    [row] = json.loads(out.getvalue())
    assert (row["outcome"], row["resolved_at"]) == ("Pending", None)
    assert not MarketOpenSession.objects.get(run__name="short").grading_done

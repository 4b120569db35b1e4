"""`manage.py simulate_quotes`: a sample file that replays into graded sessions on a fresh machine."""
from datetime import datetime, timedelta, timezone
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from FutureTrading.rules.instruments import SPEC_INSTRUMENTS
from FutureTrading.rules.symbols import alias_map
from LiveData.feeds.csv_file import read_batches
from LiveData.quotes import to_ms
from MarketOpenCapture.models import MarketOpenSession
from MarketOpenCapture.rules.outcomes import Outcome
from MarketOpenCapture.services.replay_files import load_quotes
from timezones.services import opens_between

pytestmark = [pytest.mark.embedded, pytest.mark.django_db]

SYMBOLS = {spec.symbol for spec in SPEC_INSTRUMENTS}
MONDAY = datetime(2026, 3, 9, tzinfo=timezone.utc)
# The 30-minute window, the grader's 1-minute feed-gap allowance and a margin: every
# trade can be graded, at a fraction of the default's 125 minutes (test speed).
GRADABLE_MIN = "35"


def simulate(path, *args) -> str:
    out = StringIO()
    call_command("simulate_quotes", str(path), *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def read(path) -> list:
    return [quote for batch in read_batches(path, alias_map(SPEC_INSTRUMENTS)) for quote in batch]


def opens_of(first: datetime, days: int) -> list:
    return opens_between(first, first + timedelta(days=days) - timedelta(microseconds=1))


def test_it_writes_a_file_that_replays_into_one_graded_session_per_region_and_day(seeded, tmp_path):
    path = tmp_path / "sample.csv.gz"
    printed = simulate(path, "--start", "2026-03-09", "--days", "2", "--around-opens", GRADABLE_MIN)
    bus = load_quotes([path], alias_map(SPEC_INSTRUMENTS))  # what the replay reads
    opens = opens_of(MONDAY, 2)
    assert len({day.region for day in opens}) == 7

    assert f"wrote {bus.count():,} quotes" in printed
    assert f"manage.py replay {path} --run sample" in printed
    for day in opens:  # the capture's snapshot: every symbol quoted within the second before the open
        at = to_ms(day.open_utc)
        assert all(at - 1000 <= bus.as_of(symbol, at - 1).ts_ms for symbol in SYMBOLS), day
    # Each day is a session of its own: the skipped evening rolled the previous close.
    assert bus.as_of("YM", to_ms(opens[0].open_utc)).prev_close != bus.as_of("YM", bus.span()[1]).prev_close

    call_command("replay", str(path), "--run", "t", stdout=StringIO(), stderr=StringIO())
    sessions = MarketOpenSession.objects.filter(run__name="t")
    assert sorted(sessions.values_list("region", "trading_date")) == sorted(
        (day.region, day.trading_date) for day in opens)
    assert not sessions.filter(outcome=Outcome.PENDING).exists()


def test_the_same_seed_writes_the_same_file_and_another_seed_another(seeded, tmp_path):
    def sample(name, seed):
        simulate(tmp_path / name, "--start", "2026-03-09", "--days", "1", "--around-opens", "1", "--seed", seed)
        return (tmp_path / name).read_bytes()

    assert sample("a.csv", "3") == sample("b.csv", "3")
    assert sample("c.csv", "4") != sample("a.csv", "3")


def test_it_keeps_five_minutes_before_the_first_open_to_the_minutes_asked_after_the_last(seeded, tmp_path):
    path = tmp_path / "day.csv"
    printed = simulate(path, "--start", "2026-03-10", "--days", "1", "--around-opens", "2")
    quotes = read(path)
    opens = opens_of(MONDAY + timedelta(days=1), 1)
    assert quotes[0].ts == opens[0].open_utc - timedelta(minutes=5)
    assert quotes[-1].ts == opens[-1].open_utc + timedelta(minutes=2)
    assert f"{len(opens)} opens" in printed
    # Between the opens' stretches nothing is written: no quote 10 minutes after an open.
    assert not any(quote.ts == opens[0].open_utc + timedelta(minutes=10) for quote in quotes)


def test_by_default_it_covers_the_trading_days_before_today(seeded, tmp_path, settings):
    settings.THOR_CLOCK_NOW = datetime(2026, 3, 16, 10, tzinfo=timezone.utc)  # Monday, after four opens
    path = tmp_path / "recent.csv"
    simulate(path, "--days", "2", "--around-opens", "1")
    quotes = read(path)
    thursday = opens_of(datetime(2026, 3, 12, tzinfo=timezone.utc), 1)
    friday = opens_of(datetime(2026, 3, 13, tzinfo=timezone.utc), 1)
    assert quotes[0].ts == thursday[0].open_utc - timedelta(minutes=5)
    assert quotes[-1].ts == friday[-1].open_utc + timedelta(minutes=1)


@pytest.mark.parametrize("args, message", [
    (["--start", "9 March"], "YYYY-MM-DD"),
    (["--days", "0"], "--days must be a positive"),
    (["--around-opens", "-5"], "--around-opens must be a positive"),
])
def test_it_refuses_bad_arguments(seeded, tmp_path, args, message):
    with pytest.raises(CommandError, match=message):
        simulate(tmp_path / "x.csv", *args)
    assert list(tmp_path.iterdir()) == []


def test_it_refuses_a_path_it_cannot_write_and_leaves_nothing_behind(seeded, tmp_path):
    with pytest.raises(CommandError, match="cannot write"):
        simulate(tmp_path / "missing" / "x.csv", "--days", "1", "--around-opens", "1")
    with pytest.raises(CommandError, match="is a folder"):
        simulate(tmp_path, "--days", "1", "--around-opens", "1")
    assert list(tmp_path.iterdir()) == []

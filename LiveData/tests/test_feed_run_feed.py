"""`manage.py run_feed`: the simulator and file replay publishing to the real quote bus.

Tests taking `quote_bus` run on Redis and on the database bus (see conftest).
"""
import dataclasses
import logging
import os
import signal
import threading
import time
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from FutureTrading.models import SymbolConfig
from FutureTrading.rules.instruments import SPEC_INSTRUMENTS
from LiveData.bus import get_bus
from LiveData.feeds.csv_file import write_csv
from LiveData.feeds.simulator import MarketSimulator
from LiveData.management.commands import run_feed
from LiveData.quotes import Quote
from thor_backend.clock import now_ms

pytestmark = pytest.mark.django_db  # the command reads the instrument config

SPECS = {spec.symbol: spec for spec in SPEC_INSTRUMENTS}
SYMBOLS = ["YM", "ES", "NQ", "RTY", "CL", "SI", "HG", "GC", "VX", "DX", "ZB"]
T0 = 1_772_461_800_000  # 2026-03-02 14:30:00 UTC: a file from the past
END = T0 + 86_400_000


@pytest.fixture(autouse=True)
def database_bus_unless_told(settings):
    """The database bus, even where REDIS_URL is set; `quote_bus` switches on top of this."""
    settings.REDIS_URL = ""


def recorded_day(path, steps: int = 120, every_ms: int = 250) -> list[Quote]:
    sim = MarketSimulator(SPEC_INSTRUMENTS, 17, T0)
    quotes = [q for i in range(steps) for q in sim.step(T0 + i * every_ms)]
    write_csv(path, quotes)
    return quotes


def stored(bus, symbols=SYMBOLS) -> dict[str, list[Quote]]:
    return {symbol: bus.between(symbol, 0, END) for symbol in symbols}


@pytest.mark.parametrize("args, message", [
    (["--source", "sim", "day.csv"], "--source sim takes no file and no --speed"),
    (["--source", "sim", "--speed", "max"], "--source sim takes no file and no --speed"),
    (["--source", "file", "{day}", "--seed", "3"], "--seed and --interval-ms are for --source sim"),
    (["--source", "sim", "--interval-ms", "0"], "--interval-ms must be a positive"),
    (["--source", "sim", "--duration", "0"], "--duration must be a positive"),
    (["--source", "file"], "--source file needs the path of a quote file"),
    (["--source", "file", "/nonexistent/day.csv"], "no quote file at /nonexistent/day.csv"),
    (["--source", "file", "{day}", "--speed", "fast"], "speed must be a positive number or 'max'"),
])
@pytest.mark.embedded
def test_it_refuses_bad_options_and_publishes_nothing(tmp_path, args, message):
    recorded_day(tmp_path / "day.csv", steps=1)
    args = [arg.format(day=tmp_path / "day.csv") for arg in args]
    with pytest.raises(CommandError, match=message):
        call_command("run_feed", *args)
    assert get_bus().latest(SYMBOLS) == {}


def test_the_simulator_feeds_all_11_symbols_stamped_with_the_current_time(quote_bus):
    before = now_ms()
    call_command("run_feed", "--source", "sim", "--seed", "3", "--interval-ms", "100", "--duration", "1")
    after = now_ms()
    latest = quote_bus.latest(SYMBOLS)
    assert sorted(latest) == sorted(SYMBOLS)
    assert all(before <= quote.ts_ms <= after and quote.source == "sim" for quote in latest.values())
    es = quote_bus.between("ES", before - 1, after)
    assert len(es) >= 5  # a step every 100 ms for a second; ES trades on every step
    assert [q.ts_ms for q in es] == sorted({q.ts_ms for q in es})


@pytest.mark.embedded
def test_the_simulator_stamps_quotes_with_thors_clock_even_when_it_is_simulated(settings):
    settings.THOR_CLOCK_OFFSET_SEC = -86_400.0  # living through yesterday's opens
    call_command("run_feed", "--source", "sim", "--interval-ms", "100", "--duration", "0.3")
    day_ago = time.time_ns() // 1_000_000 - 86_400_000  # by the wall clock
    stamps = [q.ts_ms for q in get_bus().latest(SYMBOLS).values()]
    assert len(stamps) == 11
    assert all(day_ago - 5_000 < ts <= day_ago for ts in stamps)


@pytest.mark.embedded
def test_the_simulator_follows_the_instruments_configured_in_the_admin(caplog):
    call_command("seed_symbol_config", verbosity=0)
    SymbolConfig.objects.filter(symbol="DX").update(active=False)
    SymbolConfig.objects.filter(symbol="ES").update(tick_size=Decimal("0.5"))
    nikkei = dataclasses.replace(SPECS["ES"], symbol="NKD", name="Nikkei 225", aliases=("/NKD",))
    SymbolConfig.objects.create(**SymbolConfig.fields_of(nikkei), sort_order=99)
    with caplog.at_level(logging.WARNING, logger=run_feed.__name__):
        call_command("run_feed", "--source", "sim", "--interval-ms", "100", "--duration", "0.5")
    latest = get_bus().latest([*SYMBOLS, "NKD"])
    assert sorted(latest) == sorted(set(SYMBOLS) - {"DX"})
    assert all(q.bid % Decimal("0.5") == 0 for q in get_bus().between("ES", 0, now_ms()))
    assert "the simulator has no market profile for NKD; not simulated" in caplog.text


def test_a_replay_at_max_speed_publishes_every_row_with_its_file_timestamp(tmp_path, quote_bus):
    quotes = recorded_day(tmp_path / "day.csv.gz")
    call_command("run_feed", "--source", "file", str(tmp_path / "day.csv.gz"), "--speed", "max")
    assert stored(quote_bus) == {symbol: [q for q in quotes if q.symbol == symbol] for symbol in SYMBOLS}


@pytest.mark.embedded
def test_a_paced_replay_takes_the_file_time_divided_by_the_speed(tmp_path):
    quotes = recorded_day(tmp_path / "day.csv", steps=9)  # 2 s of file time
    started = time.monotonic()
    call_command("run_feed", "--source", "file", str(tmp_path / "day.csv"), "--speed", "4")
    elapsed = time.monotonic() - started
    assert 0.45 <= elapsed < 3  # 2 s / 4 = 0.5 s; at max speed it would take a few milliseconds
    assert sum(len(q) for q in stored(get_bus()).values()) == len(quotes)


def test_a_bad_row_stops_the_replay_naming_its_line_and_field_and_nothing_of_its_batch_is_published(
        tmp_path, quote_bus):
    path = tmp_path / "day.csv"
    path.write_text(
        "symbol,ts,bid,ask\n"
        "YM,2026-03-02T14:30:00Z,47380,47388\n"
        "ES,2026-03-02T14:30:00Z,6800.25,6800.50\n"
        "NQ,2026-03-02T14:30:01Z,25000.50,25000.25\n"  # line 4: crossed
    )
    with pytest.raises(CommandError, match=r"replay stopped after 0 quotes: .*day.csv: line 4, field 'ask'"):
        call_command("run_feed", "--source", "file", str(path), "--speed", "max")
    assert quote_bus.latest(SYMBOLS) == {}


def test_a_replay_into_a_bus_holding_newer_quotes_asks_for_a_fresh_database(tmp_path, quote_bus):
    recorded_day(tmp_path / "day.csv", steps=4)
    quote_bus.publish([Quote("YM", T0 + 60_000, Decimal("47000"), Decimal("47001"))])
    with pytest.raises(CommandError, match="replay a file into a fresh database"):
        call_command("run_feed", "--source", "file", str(tmp_path / "day.csv"), "--speed", "max")
    assert [q.ts_ms for q in stored(quote_bus, ["YM"])["YM"]] == [T0 + 60_000]


@pytest.mark.embedded
def test_sigterm_stops_the_feed_cleanly_and_restores_the_signal_handlers(caplog):
    previous = signal.getsignal(signal.SIGTERM)
    timer = threading.Timer(0.5, os.kill, (os.getpid(), signal.SIGTERM))
    started = time.monotonic()
    timer.start()
    try:
        with caplog.at_level(logging.INFO, logger=run_feed.__name__):
            call_command("run_feed", "--source", "sim", "--duration", "30")
    finally:
        timer.cancel()  # never let the signal reach a process without the feed's handler
    assert time.monotonic() - started < 5
    assert signal.getsignal(signal.SIGTERM) is previous
    assert "SIGTERM received, stopping the feed" in caplog.text
    assert "sim feed stopped: " in caplog.text
    assert len(get_bus().latest(SYMBOLS)) == 11


@pytest.mark.embedded
def test_it_logs_what_it_published_every_minute(monkeypatch, caplog):
    monkeypatch.setattr(run_feed, "PROGRESS_EVERY_S", 0.3)
    with caplog.at_level(logging.INFO, logger=run_feed.__name__):
        call_command("run_feed", "--source", "sim", "--seed", "1", "--interval-ms", "50", "--duration", "1")
    lines = [r.getMessage() for r in caplog.records if "in the last minute" in r.getMessage()]
    assert len(lines) >= 2
    assert all(" quotes published in the last minute, last ts 20" in line for line in lines)

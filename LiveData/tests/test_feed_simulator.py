"""The market simulator: on-tick prices, a real-looking market, determinism, and the ingest contract."""
import dataclasses
import json
import statistics
from datetime import datetime, timezone
from decimal import Decimal

import pytest

from FutureTrading.rules.instruments import SPEC_INSTRUMENTS
from FutureTrading.rules.symbols import alias_map
from LiveData.feeds.simulator import MarketSimulator
from LiveData.quotes import PRICE_FIELDS, SIZE_FIELDS, to_ms
from LiveData.validation import parse_quotes

pytestmark = pytest.mark.embedded

START = to_ms(datetime(2026, 3, 2, 14, 30, tzinfo=timezone.utc))  # a Monday, US cash open
SPECS = {spec.symbol: spec for spec in SPEC_INSTRUMENTS}


def run(sim: MarketSimulator, steps: int, every_ms: int, start: int = START) -> list[list]:
    return [sim.step(start + i * every_ms) for i in range(steps)]


def flat(batches):
    return [quote for batch in batches for quote in batch]


def test_it_refuses_time_running_backwards_and_changes_nothing():
    sim = MarketSimulator(SPEC_INSTRUMENTS, 1, START)
    sim.step(START + 1000)
    with pytest.raises(ValueError, match="time runs forward"):
        sim.step(START + 999)
    twin = MarketSimulator(SPEC_INSTRUMENTS, 1, START)
    twin.step(START + 1000)
    assert sim.step(START + 2000) == twin.step(START + 2000)


def test_it_refuses_an_instrument_it_has_no_market_for():
    other = dataclasses.replace(SPECS["ES"], symbol="NKD", aliases=())
    with pytest.raises(ValueError, match="no simulator profile for NKD"):
        MarketSimulator([SPECS["ES"], other], 1, START)


@pytest.mark.parametrize("symbol, tick, widest_spread", [
    ("YM", Decimal("1"), Decimal("3")),          # YM quotes 1-3 points wide
    ("ES", Decimal("0.25"), Decimal("0.50")),
    ("NQ", Decimal("0.25"), Decimal("0.50")),
    ("RTY", Decimal("0.10"), Decimal("0.20")),
    ("CL", Decimal("0.01"), Decimal("0.02")),
    ("SI", Decimal("0.005"), Decimal("0.010")),
    ("HG", Decimal("0.0005"), Decimal("0.0010")),
    ("GC", Decimal("0.10"), Decimal("0.20")),
    ("VX", Decimal("0.05"), Decimal("0.10")),
    ("DX", Decimal("0.005"), Decimal("0.010")),
    ("ZB", Decimal("0.03125"), Decimal("0.0625")),  # 1/32 and 2/32
])
def test_it_quotes_every_price_on_the_tick_with_a_tight_spread(symbol, tick, widest_spread):
    sim = MarketSimulator([SPECS[symbol]], 11, START)
    quotes = flat(run(sim, 1800, 1000))
    assert len(quotes) > 500
    for quote in quotes:
        for field in PRICE_FIELDS:
            value = getattr(quote, field)
            if value is not None:
                assert value % tick == 0, (field, value)
        assert quote.bid > 0
        assert tick <= quote.ask - quote.bid <= widest_spread
    assert {quote.ask - quote.bid for quote in quotes} == {tick * n for n in range(1, int(widest_spread / tick) + 1)}


@pytest.mark.parametrize("symbol, low, high", [
    ("YM", 40_000, 54_000),   # the typical levels, give or take a few percent
    ("ES", 6_000, 7_600),
    ("NQ", 22_000, 28_000),
    ("RTY", 2_150, 2_750),
    ("CL", 54, 70),
    ("SI", 42, 54),
    ("HG", 4.5, 5.7),
    ("GC", 3_600, 4_400),
    ("VX", 14, 20),
    ("DX", 96, 103),
    ("ZB", 112, 122),
])
def test_it_trades_near_realistic_levels(symbol, low, high):
    for seed in range(20):
        quote = MarketSimulator([SPECS[symbol]], seed, START).step(START)[0]
        assert low < quote.last < high, (seed, quote.last)


def test_it_gives_the_same_market_for_the_same_seed():
    one = run(MarketSimulator(SPEC_INSTRUMENTS, 42, START), 200, 250)
    two = run(MarketSimulator(SPEC_INSTRUMENTS, 42, START), 200, 250)
    other = run(MarketSimulator(SPEC_INSTRUMENTS, 43, START), 200, 250)
    assert one == two
    assert one != other


def test_it_quotes_every_instrument_first_then_the_ones_that_traded():
    batches = run(MarketSimulator(SPEC_INSTRUMENTS, 5, START), 200, 250)
    assert [q.symbol for q in batches[0]] == list(SPECS)
    later = [{q.symbol for q in batch} for batch in batches[1:]]
    assert any(len(symbols) < len(SPECS) for symbols in later)
    assert set().union(*later) == set(SPECS)
    assert all(q.ts_ms == START + i * 250 for i, batch in enumerate(batches) for q in batch)


def test_it_measures_net_change_against_a_fixed_previous_close():
    closes = {"YM": Decimal("47123"), "ES": Decimal("6800.30"), "ZB": Decimal("117.5")}
    sim = MarketSimulator([SPECS["YM"], SPECS["ES"], SPECS["ZB"]], 3, START, prev_closes=closes)
    quotes = flat(run(sim, 3600, 1000))  # one hour, all inside one session
    expected = {"YM": Decimal("47123"), "ES": Decimal("6800.25"), "ZB": Decimal("117.5")}  # ES rounded to its tick
    for quote in quotes:
        assert quote.prev_close == expected[quote.symbol]
        assert quote.change == quote.last - quote.prev_close


def test_it_keeps_open_ranges_sizes_and_volume_consistent_with_the_path():
    quotes = flat(run(MarketSimulator(SPEC_INSTRUMENTS, 8, START), 1800, 2000))  # an hour
    seen: dict[str, list] = {}
    for quote in quotes:
        history = seen.setdefault(quote.symbol, [])
        assert quote.bid <= quote.last <= quote.ask
        assert quote.low_52w <= quote.low_24h <= min(quote.open, quote.last)
        assert quote.high_52w >= quote.high_24h >= max(quote.open, quote.last)
        if history:
            before = history[-1]
            assert quote.open == before.open
            assert quote.high_24h >= max(before.high_24h, quote.last)
            assert quote.low_24h <= min(before.low_24h, quote.last)
            assert quote.volume >= before.volume
        assert quote.bid_size > 0 and quote.ask_size > 0
        assert quote.source == "sim"
        history.append(quote)
    for symbol, history in seen.items():
        assert history[-1].volume > history[0].volume, symbol


def test_it_starts_a_new_session_at_22_utc():
    before_roll = to_ms(datetime(2026, 3, 2, 21, 59, tzinfo=timezone.utc))
    sim = MarketSimulator([SPECS["YM"]], 4, before_roll)
    quotes = flat(run(sim, 120, 1000, start=before_roll))  # 21:59 to 22:01
    old = [q for q in quotes if q.ts_ms < before_roll + 60_000]
    new = [q for q in quotes if q.ts_ms >= before_roll + 60_000]
    assert old and new
    assert {q.prev_close for q in new} != {q.prev_close for q in old}
    assert len({q.prev_close for q in new}) == 1
    assert new[0].open == new[0].prev_close
    assert abs(new[0].last - old[-1].last) <= 10            # the close is where the market was
    assert new[0].volume < old[-1].volume                    # a new trading day's volume
    assert new[0].high_24h - new[0].low_24h < old[-1].high_24h - old[-1].low_24h


def test_it_moves_index_futures_together_and_the_vix_against_them():
    sim = MarketSimulator(SPEC_INSTRUMENTS, 9, START)
    mids: dict[str, list[Decimal]] = {symbol: [] for symbol in SPECS}
    latest: dict = {}
    for batch in run(sim, 1440, 60_000):  # one day of minutes
        latest.update((q.symbol, (q.bid + q.ask) / 2) for q in batch)
        for symbol in SPECS:
            mids[symbol].append(latest[symbol])
    moves = {s: [float(b - a) for a, b in zip(m[::5], m[5::5])] for s, m in mids.items()}  # 5-minute moves

    def corr(a, b):
        return statistics.correlation(moves[a], moves[b])

    assert corr("ES", "YM") > 0.6
    assert corr("ES", "NQ") > 0.6
    assert corr("ES", "RTY") > 0.5
    assert corr("ES", "VX") < -0.4
    for bear in ("GC", "DX", "ZB"):
        assert corr("ES", bear) < 0


def test_its_ym_sometimes_touches_a_100_dollar_bracket_within_30_minutes_and_sometimes_not():
    touched = 0
    windows = 40
    for seed in range(windows):
        sim = MarketSimulator([SPECS["YM"]], seed, START)
        entry = sim.step(START)[0].ask  # a long, entered at the ask
        bids = [q.bid for q in flat(run(sim, 600, 3000, start=START + 3000))]  # 30 minutes
        touched += any(bid >= entry + 20 or bid <= entry - 20 for bid in bids)
    assert 0.2 * windows <= touched <= 0.8 * windows


def test_every_batch_passes_the_ingest_validation_as_json():
    aliases = alias_map(SPEC_INSTRUMENTS)
    batches = run(MarketSimulator(SPEC_INSTRUMENTS, 12, START), 40, 250)
    for batch in batches:
        body = json.dumps(
            [{"symbol": q.symbol, "ts": q.ts_ms, **{f: getattr(q, f) for f in (*PRICE_FIELDS, *SIZE_FIELDS, "source")}}
             for q in batch],
            default=float,  # what a JSON client sends: numbers
        )
        parsed = parse_quotes(json.loads(body, parse_float=Decimal), aliases, START + 10_000)
        assert parsed == batch

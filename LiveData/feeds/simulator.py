"""A seedable market: quotes that behave like the futures Thor watches.

Pure — no Django, no I/O, no clock: the caller passes every instant, so the
same seed and the same instants give the same quotes, and a test, a demo or
a benchmark can replay a market exactly.

The model is deliberately simple but shaped like the real thing: each price
is a random walk in whole ticks whose 30-minute swing matches the instrument
(YM moves about 18 points in half an hour, so a ±20-point bracket is touched
in some windows and not in others); stock-index futures share one market
factor, and the bear instruments (gold, VIX, dollar, bonds) load on it with
the opposite sign, so a rally in ES comes with a falling VIX.
"""
import math
import random
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal

from LiveData.quotes import Quote

SOURCE = "sim"
HALF_HOUR_S = 1800
DAY_MS = 86_400_000
# CME Globex begins its trading day in the US evening; the simulator rolls
# its session (previous close, open, 24h range, volume) at 22:00 UTC.
SESSION_ROLL_MS = 22 * 3_600_000


@dataclass(frozen=True)
class MarketProfile:
    """How one instrument trades: at what level, how wildly, how thickly."""

    level: float                # typical price
    sigma_30m: float            # standard deviation of the price over 30 minutes, in points
    beta: float                 # loading on the shared equity factor, −1..1 (negative: leans against stocks)
    spread_ticks: tuple[int, int]
    size: tuple[int, int]       # displayed bid/ask size range
    volume_per_min: int
    activity: float             # chance that a step carries a new quote of the instrument


MARKET_PROFILES: dict[str, MarketProfile] = {
    "YM": MarketProfile(47_000, 18, 0.95, (1, 3), (1, 12), 150, 0.95),
    "ES": MarketProfile(6_800, 2.6, 0.98, (1, 2), (5, 60), 1_500, 1.0),
    "NQ": MarketProfile(25_000, 11, 0.90, (1, 2), (1, 15), 600, 1.0),
    "RTY": MarketProfile(2_450, 1.4, 0.80, (1, 2), (1, 20), 200, 0.9),
    "CL": MarketProfile(62, 0.14, 0.30, (1, 2), (2, 30), 400, 0.9),
    "SI": MarketProfile(48, 0.15, 0.25, (1, 2), (1, 10), 80, 0.7),
    "HG": MarketProfile(5.1, 0.01, 0.35, (1, 2), (1, 10), 60, 0.6),
    "GC": MarketProfile(4_000, 6, -0.30, (1, 2), (1, 15), 250, 0.85),
    "VX": MarketProfile(17, 0.18, -0.80, (1, 2), (5, 80), 60, 0.6),
    "DX": MarketProfile(99.5, 0.05, -0.30, (1, 2), (1, 15), 30, 0.5),
    "ZB": MarketProfile(117, 0.10, -0.40, (1, 2), (10, 200), 150, 0.6),
}


def session_start_ms(ts_ms: int) -> int:
    """The instant the simulated session holding `ts_ms` began."""
    return (ts_ms - SESSION_ROLL_MS) // DAY_MS * DAY_MS + SESSION_ROLL_MS


class _Instrument:
    """One instrument's state; every price is held in whole ticks."""

    def __init__(self, symbol: str, tick: Decimal, profile: MarketProfile):
        self.symbol = symbol
        self.tick = tick
        self.profile = profile
        self.sigma_ticks = profile.sigma_30m / float(tick)  # per 30 minutes
        self.price = 0.0     # fair price, fractional ticks
        self.prev_close = self.open = self.high = self.low = self.high_52w = self.low_52w = 0
        self.volume = 0.0

    def ticks(self, value: Decimal) -> int:
        return int((value / self.tick).to_integral_value(ROUND_HALF_EVEN))

    def roll(self) -> None:
        """A new session: the last price becomes the previous close and the open."""
        self.prev_close = self.open = self.high = self.low = max(1, round(self.price))
        self.volume = 0.0

    def quote(self, ts_ms: int, rng: random.Random) -> Quote:
        spread = rng.randint(*self.profile.spread_ticks)
        bid = max(1, round(self.price - spread / 2))
        ask = bid + spread
        last = bid if rng.random() < 0.5 else ask
        self.high, self.low = max(self.high, last), min(self.low, last)
        self.high_52w, self.low_52w = max(self.high_52w, self.high), min(self.low_52w, self.low)
        tick = self.tick
        return Quote(
            symbol=self.symbol, ts_ms=ts_ms, bid=tick * bid, ask=tick * ask, last=tick * last,
            change=tick * (last - self.prev_close), prev_close=tick * self.prev_close, open=tick * self.open,
            high_24h=tick * self.high, low_24h=tick * self.low,
            high_52w=tick * self.high_52w, low_52w=tick * self.low_52w,
            bid_size=rng.randint(*self.profile.size), ask_size=rng.randint(*self.profile.size),
            volume=int(self.volume), source=SOURCE,
        )


class MarketSimulator:
    """Quotes for `specs` (InstrumentSpec-like: `symbol`, `tick_size`) from `start_ms` on.

    `prev_closes` (symbol → price, rounded to the tick) fixes the previous
    session's close that net change is measured against; by default it is
    drawn near the instrument's typical level. The market at `start_ms` is
    already some way into its session: it has an open, a range and volume.
    """

    def __init__(self, specs: Iterable | Mapping, seed: int | None, start_ms: int,
                 prev_closes: Mapping[str, Decimal] | None = None):
        specs = list(specs.values() if isinstance(specs, Mapping) else specs)
        unknown = [spec.symbol for spec in specs if spec.symbol not in MARKET_PROFILES]
        if unknown:
            raise ValueError(f"no simulator profile for {', '.join(unknown)}")
        self._rng = random.Random(seed)
        self._ts_ms = start_ms
        self._started = False
        self._instruments = [_Instrument(s.symbol, s.tick_size, MARKET_PROFILES[s.symbol]) for s in specs]
        self._open_market(start_ms, prev_closes or {})

    def _shocks(self) -> list[float]:
        """One standard-normal move per instrument, correlated through the market factor."""
        rng = self._rng
        market = rng.gauss(0, 1)
        return [
            inst.profile.beta * market + math.sqrt(1 - inst.profile.beta ** 2) * rng.gauss(0, 1)
            for inst in self._instruments
        ]

    def _open_market(self, start_ms: int, prev_closes: Mapping[str, Decimal]) -> None:
        rng = self._rng
        elapsed_min = (start_ms - session_start_ms(start_ms)) / 60_000
        # The session so far: an opening gap of about one 30-minute swing,
        # then the walk since the open, both sharing the market factor.
        gaps, moves = self._shocks(), self._shocks()
        for inst, gap, move in zip(self._instruments, gaps, moves):
            level = inst.profile.level
            if inst.symbol in prev_closes:
                inst.prev_close = inst.ticks(Decimal(prev_closes[inst.symbol]))
            else:
                inst.prev_close = round(level * (1 + rng.gauss(0, 0.01)) / float(inst.tick))
            inst.open = max(1, round(inst.prev_close + gap * inst.sigma_ticks))
            inst.price = inst.open + move * inst.sigma_ticks * math.sqrt(elapsed_min / 30)
            now = max(1, round(inst.price))
            inst.high = max(inst.open, now) + round(abs(rng.gauss(0, 0.5)) * inst.sigma_ticks)
            inst.low = max(1, min(inst.open, now) - round(abs(rng.gauss(0, 0.5)) * inst.sigma_ticks))
            inst.high_52w = inst.high + round(level * rng.uniform(0.01, 0.15) / float(inst.tick))
            inst.low_52w = max(1, inst.low - round(level * rng.uniform(0.10, 0.30) / float(inst.tick)))
            inst.volume = inst.profile.volume_per_min * elapsed_min * rng.uniform(0.8, 1.2)

    def step(self, ts_ms: int) -> list[Quote]:
        """Advance the market to `ts_ms` and return the quotes it shows then.

        The first step quotes every instrument; later steps quote the ones
        that traded (each with its own activity), as a real feed does.
        """
        if ts_ms < self._ts_ms:
            raise ValueError(f"time runs forward: step at {ts_ms} is before {self._ts_ms}")
        dt_s = (ts_ms - self._ts_ms) / 1000
        if dt_s > 0:
            scale = math.sqrt(dt_s / HALF_HOUR_S)
            for inst, shock in zip(self._instruments, self._shocks()):
                inst.price += shock * inst.sigma_ticks * scale
                inst.volume += inst.profile.volume_per_min * dt_s / 60 * self._rng.uniform(0.5, 1.5)
            if session_start_ms(ts_ms) != session_start_ms(self._ts_ms):
                for inst in self._instruments:
                    inst.roll()
        self._ts_ms = ts_ms
        first, self._started = not self._started, True
        return [
            inst.quote(ts_ms, self._rng)
            for inst in self._instruments
            if self._rng.random() < inst.profile.activity or first
        ]

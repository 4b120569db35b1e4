"""Pacing of a file replay: `--speed N` plays the file at N× real time, `max` as fast as it can,
`--follow-clock` publishes each quote when Thor's clock reaches its timestamp.

The replay clock is anchored at the first quote, not advanced quote by
quote, so time spent publishing never accumulates into drift.
"""
import time

from thor_backend.clock import now_ms


def parse_speed(text: str) -> float | None:
    """`"max"` → None (no pacing); a positive number → that many times real time."""
    if text.strip().lower() == "max":
        return None
    try:
        speed = float(text)
    except ValueError:
        raise ValueError(f"speed must be a positive number or 'max', got {text!r}") from None
    if not speed > 0 or speed == float("inf"):
        raise ValueError(f"speed must be a positive number or 'max', got {text!r}")
    return speed


def replay_clock_ms(first_ts_ms: int, elapsed_s: float, speed: float | None) -> float:
    """The file time the replay has reached `elapsed_s` wall seconds after starting at `first_ts_ms`."""
    if speed is None:
        return float("inf")
    return first_ts_ms + elapsed_s * speed * 1000


def pause_s(ts_ms: int, first_ts_ms: int, elapsed_s: float, speed: float | None) -> float:
    """Wall seconds to wait before the quote stamped `ts_ms` is due (0 when already due)."""
    if speed is None:
        return 0.0
    return max(0.0, (ts_ms - first_ts_ms) / 1000 / speed - elapsed_s)


class SpeedPace:
    """N× real time (or max) from the moment the first quote is published."""

    def __init__(self, speed: float | None):
        self.speed = speed
        self._anchor: tuple[float, int] | None = None  # (monotonic seconds, file time) of the first quote

    def start(self, first_ts_ms: int) -> None:
        self._anchor = self._anchor or (time.monotonic(), first_ts_ms)

    def wait_s(self, ts_ms: int) -> float:
        started, first_ts = self._anchor
        return pause_s(ts_ms, first_ts, time.monotonic() - started, self.speed)

    def reached_ms(self) -> float:
        started, first_ts = self._anchor
        return replay_clock_ms(first_ts, time.monotonic() - started, self.speed)


class ClockPace:
    """Each quote when Thor's clock reaches its timestamp: with the clock set to the
    file's day (THOR_CLOCK_OFFSET_SEC), every process of an installation lives through
    that day together, and quotes older than the clock's start go out at once."""

    def start(self, first_ts_ms: int) -> None:
        pass

    def wait_s(self, ts_ms: int) -> float:
        return max(0.0, (ts_ms - now_ms()) / 1000)

    def reached_ms(self) -> float:
        return now_ms()

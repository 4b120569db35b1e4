"""Pacing of a file replay: `--speed N` plays the file at N× real time, `max` as fast as it can.

The replay clock is anchored at the first quote, not advanced quote by
quote, so time spent publishing never accumulates into drift.
"""


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

"""Replay pacing: `--speed N|max` turned into sleeps from the file's timestamps, without sleeping."""
import math

import pytest

from LiveData.feeds.pacing import parse_speed, pause_s, replay_clock_ms

pytestmark = pytest.mark.embedded

T0 = 1_772_461_800_000  # the first quote of a file


@pytest.mark.parametrize("text", ["0", "-1", "fast", "", "nan", "inf", "1x"])
def test_it_rejects_a_speed_that_is_not_a_positive_number_or_max(text):
    with pytest.raises(ValueError, match="speed must be a positive number or 'max'"):
        parse_speed(text)


@pytest.mark.parametrize("text, speed", [
    ("max", None),
    (" MAX ", None),
    ("1", 1.0),
    ("10", 10.0),
    ("0.5", 0.5),   # slower than real time
])
def test_it_reads_the_speed(text, speed):
    assert parse_speed(text) == speed


@pytest.mark.parametrize("ts_ms, elapsed_s, speed, pause", [
    (T0, 0.0, 1.0, 0.0),              # the first quote goes at once
    (T0 + 1000, 0.0, 1.0, 1.0),       # one file second later, real time
    (T0 + 1000, 0.4, 1.0, 0.6),       # part of the wait has passed already
    (T0 + 1000, 2.0, 1.0, 0.0),       # behind schedule: no wait, never negative
    (T0 + 1000, 0.0, 10.0, 0.1),      # ten times real time
    (T0 + 60_000, 0.0, 0.5, 120.0),   # half speed
    (T0 + 3_600_000, 0.0, None, 0.0),  # max: never waits
])
def test_it_computes_the_pause_before_a_quote_from_the_file_time(ts_ms, elapsed_s, speed, pause):
    assert pause_s(ts_ms, T0, elapsed_s, speed) == pytest.approx(pause)


@pytest.mark.parametrize("elapsed_s, speed, clock", [
    (0.0, 1.0, T0),
    (2.0, 1.0, T0 + 2000),
    (2.0, 10.0, T0 + 20_000),
    (0.25, 4.0, T0 + 1000),
])
def test_its_replay_clock_runs_at_the_speed_from_the_first_quote(elapsed_s, speed, clock):
    assert replay_clock_ms(T0, elapsed_s, speed) == pytest.approx(clock)


def test_its_replay_clock_at_max_speed_has_reached_every_quote():
    assert math.isinf(replay_clock_ms(T0, 0.0, None))

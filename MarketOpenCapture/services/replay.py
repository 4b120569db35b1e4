"""Backtest replay: history from files through the live calendar → capture → grading code.

The files are loaded whole (`replay_files`) into a bus: quotes into a
MemoryQuoteBus, bars into BarQuotes. A simulated clock then walks from open
to open of the markets' calendar over the data's span: each open is captured
by `capture_open` into the run (source "replay"), and each session is graded
once the clock has passed its audit horizon, by the live grader's
`grade_step` (bars: by BarPath), the rest at the end of the data. Outcomes
come from quote timestamps alone, so the pace (`speed`) changes nothing.
Sessions belong to a named BacktestRun, never mixed with the live ones.
"""
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from django.db import transaction

from FutureTrading.services.config import aliases
from LiveData.bus.base import QuoteBus
from LiveData.quotes import from_ms, to_ms
from MarketOpenCapture.models import BacktestRun, MarketOpenSession
from MarketOpenCapture.rules.capture import CaptureRefused, Policy
from MarketOpenCapture.services.capture import capture_open, record_missed
from MarketOpenCapture.services.grading import GradingParams, forget_cursors, grade_step
from MarketOpenCapture.services.replay_bars import BarQuotes, grade_bar_session
from MarketOpenCapture.services.replay_files import BARS, file_kind, load_bars, load_quotes
from thor_backend.formats import iso_utc, price_number
from timezones.services import active_regions, opens_between

log = logging.getLogger(__name__)

SOURCE = "replay"
NAME_LENGTH = BacktestRun._meta.get_field("name").max_length


class ReplayError(ValueError):
    """A replay that cannot start (bad options, unreadable or mixed files, a taken run name)."""


@dataclass
class ReplayResult:
    run: BacktestRun
    kind: str
    quotes: int
    opens: int
    sessions: int
    missed: list[str] = field(default_factory=list)


class SimulatedClock:
    """Replay time; at a finite `speed` the wall clock keeps pace with it (speed × real time)."""

    def __init__(self, start_ms: int, speed: float | None, sleep: Callable[[float], None] = time.sleep,
                 wall: Callable[[], float] = time.monotonic):
        self.start_ms, self.speed, self.sleep, self.wall = start_ms, speed, sleep, wall
        self.started = wall()
        self.now_ms = start_ms

    def advance(self, to_ms: int) -> None:
        self.now_ms = max(self.now_ms, to_ms)
        if self.speed is not None:
            due = self.started + (self.now_ms - self.start_ms) / 1000 / self.speed
            self.sleep(max(0.0, due - self.wall()))


def _checked(paths, policy, window_sec, speed) -> tuple[list[Path], Policy]:
    if not paths:
        raise ReplayError("give at least one quote or bar file")
    paths = [Path(path) for path in paths]
    missing = [str(path) for path in paths if not path.is_file()]
    if missing:
        raise ReplayError(f"no such file: {', '.join(missing)}")
    try:
        policy = Policy(policy)
    except ValueError:
        raise ReplayError(f"unknown policy {policy!r}; choose one of {', '.join(Policy)}") from None
    if window_sec is not None and (isinstance(window_sec, bool) or not isinstance(window_sec, int) or window_sec <= 0):
        raise ReplayError(f"the window must be a positive whole number of seconds, got {window_sec!r}")
    if speed is not None and (isinstance(speed, bool) or not isinstance(speed, int | float) or not speed > 0):
        raise ReplayError(f"the speed must be a positive number (or None for as fast as possible), got {speed!r}")
    return paths, policy


def default_run_name(paths: Sequence[Path], now: datetime) -> str:
    stamp = f" {now.astimezone(timezone.utc):%Y-%m-%d %H:%M:%S}"
    names = "+".join(path.name.removesuffix(".gz").removesuffix(".csv") for path in paths)
    return names[:NAME_LENGTH - len(stamp)] + stamp


def _load(paths: list[Path]) -> tuple[str, QuoteBus, int]:
    kinds = {path: file_kind(path) for path in paths}
    if len(set(kinds.values())) > 1:
        listed = "; ".join(f"{path.name}: {kind}" for path, kind in kinds.items())
        raise ReplayError(f"replay either quote files or bar files, not both ({listed})")
    kind = kinds[paths[0]]
    if kind == BARS:
        bars = BarQuotes(load_bars(paths, aliases()))
        return kind, bars, sum(len(path) for path in bars.bars.values())
    bus = load_quotes(paths, aliases())
    return kind, bus, bus.count()


def _new_run(name: str, replace: bool, parameters: dict) -> BacktestRun:
    with transaction.atomic():
        taken = BacktestRun.objects.select_for_update().filter(name=name).first()
        if taken is not None:
            if not replace:
                raise ReplayError(f"a run named {name!r} exists: choose another name, or replace it")
            taken.delete()
        return BacktestRun.objects.create(name=name, parameters=parameters)


def replay(
    paths: Sequence[Path | str],
    *,
    run_name: str | None = None,
    policy: Policy | str = Policy.COMPOSITE,
    window_sec: int | None = None,
    speed: float | None = None,
    replace: bool = False,
    progress: Callable[[int, int], None] | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> ReplayResult:
    """Replay the files into the BacktestRun `run_name`; nothing is stored when the input is refused.

    Raises ReplayError for bad options, mixed file kinds or a taken run name
    (unless `replace`), and QuoteFileError (file, line, field) for bad data.
    `progress(done, total)` is called after each open.
    """
    paths, policy = _checked(paths, policy, window_sec, speed)
    name = run_name or default_run_name(paths, datetime.now(timezone.utc))
    if BacktestRun.objects.filter(name=name).exists() and not replace:
        raise ReplayError(f"a run named {name!r} exists: choose another name, or replace it")
    kind, bus, quotes = _load(paths)
    span = bus.span()
    if span is None:
        raise ReplayError("the files hold no quotes")
    regions = [region.key for region in active_regions()]
    opens = opens_between(from_ms(span[0]), from_ms(span[1]), regions=regions)
    if not opens:
        raise ReplayError(f"no market opens between {iso_utc(from_ms(span[0]))} and {iso_utc(from_ms(span[1]))}, "
                          "the first and last quote of the files")
    run = _new_run(name, replace, {
        "files": [str(path) for path in paths], "kind": kind, "policy": str(policy), "window_sec": window_sec,
        "speed": speed, "quotes": quotes, "first_ms": span[0], "last_ms": span[1],
    })
    result = ReplayResult(run=run, kind=kind, quotes=quotes, opens=len(opens), sessions=0)
    try:
        _walk(result, bus, opens, span, policy, window_sec, SimulatedClock(span[0], speed, sleep), progress)
    except BaseException:
        run.delete()  # a replay that failed half-way leaves no half run behind
        raise
    return result


def _walk(result: ReplayResult, bus: QuoteBus, opens, span, policy, window_sec, clock: SimulatedClock,
          progress) -> None:
    """Capture every open in time order, grading each session once the clock is past its horizon."""
    run, kind = result.run, result.kind
    params = GradingParams.current()
    waiting: list[MarketOpenSession] = []

    def grade(now_ms: int, final: bool) -> None:
        still = []
        for session in waiting:
            horizon_end = to_ms(session.open_at) + max(params.audit_horizon_ms, session.evaluation_window_sec * 1000)
            if not final and now_ms <= horizon_end:
                still.append(session)
            elif kind == BARS:
                grade_bar_session(session, bus)
            elif grade_step(session, bus, now_ms, params) or final:
                forget_cursors(session.pk)  # the grader's read-ahead of a session left Pending by the data's end
            else:
                still.append(MarketOpenSession.objects.get(pk=session.pk))
        waiting[:] = still

    for done, day in enumerate(opens, start=1):
        clock.advance(to_ms(day.open_utc))
        # One commit per open, not per statement: the run fills up open by open, at the database's pace.
        with transaction.atomic():
            grade(clock.now_ms, final=False)
            try:
                captured = capture_open(day.region, day.trading_date, day.open_utc, bus=bus, source=SOURCE,
                                        run=run, policy=policy, window_sec=window_sec)
            except CaptureRefused as exc:
                record_missed(day.region, day.trading_date, day.open_utc, str(exc), 1, run=run)
                result.missed.append(f"{day.region} {day.trading_date}: {exc}")
            else:
                waiting.append(captured.session)
                result.sessions += 1
        if progress is not None:
            progress(done, len(opens))
    clock.advance(span[1])
    with transaction.atomic():
        grade(clock.now_ms, final=True)


def session_rows(run: BacktestRun) -> list[dict]:
    """One object per session of the run, by open instant: what `replay --json` prints."""
    rows = []
    for session in MarketOpenSession.objects.filter(run=run).order_by("open_at", "region"):
        rows.append({
            "region": session.region,
            "trading_date": session.trading_date.isoformat(),
            "open_utc": iso_utc(session.open_at),
            "composite_signal": session.composite_signal,
            "signal_weight_sum": session.signal_weight_sum,
            "entry_side": session.entry_side,
            "entry_price": price_number(session.entry_price),
            "target_price": price_number(session.target_price),
            "stop_price": price_number(session.stop_price),
            "outcome": session.outcome,
            "resolved_at": iso_utc(session.resolved_at),
            "resolution_price": price_number(session.resolution_price),
            "pnl_usd": price_number(session.pnl_usd),
            "reason": session.outcome_reason,
            "ambiguous": session.ambiguous,
        })
    return rows


def delete_run(name: str) -> int:
    """Remove the run `name` with its sessions, snapshots, audit trails and missed opens.

    Returns how many sessions went; live sessions are never touched.
    """
    run = BacktestRun.objects.filter(name=name).first()
    if run is None:
        raise ReplayError(f"no run named {name!r}")
    sessions = run.sessions.count()
    run.delete()
    return sessions

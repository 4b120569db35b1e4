"""Celery tasks: the beat's clock tick, the capture of one open, and the grading chain.

Celery may deliver a task twice (acks_late, worker restarts); every task is
safe to repeat: the open's claim and the session's unique constraint decide
captures, and outcomes are recorded only from Pending.
"""
import logging
import uuid
from datetime import date, datetime, timedelta

from celery import shared_task
from django.db.models import Q

from FutureTrading.services.config import trading_config
from LiveData.bus import get_bus
from MarketOpenCapture.models import MarketOpenSession
from MarketOpenCapture.rules.outcomes import Outcome
from MarketOpenCapture.services.capture import capture_with_retries
from MarketOpenCapture.services.clock import claim, fire_due_opens
from MarketOpenCapture.services.grading import grade_step, sessions_to_grade
from thor_backend.clock import now as clock_now, now_ms, real_instant
from timezones.services import opens_between

log = logging.getLogger(__name__)

# Opens this close ahead are queued with an ETA so they fire on the instant,
# not at the next tick.
LOOKAHEAD = timedelta(seconds=15)
# After the outcome, only theoretical trades and the audit trail are left: no hurry.
SETTLED_POLL_SEC = 30.0
# A grading chain silent for longer than this is presumed dead and re-armed.
SILENT_PENDING = timedelta(seconds=10)
SILENT_SETTLED = timedelta(seconds=3 * SETTLED_POLL_SEC)


@shared_task(acks_late=True)
def capture_market_open(region: str, trading_date: str, open_at: str, source: str = "celery") -> str:
    result = capture_with_retries(region, date.fromisoformat(trading_date), datetime.fromisoformat(open_at),
                                  source=source)
    if result.created and result.session.outcome == Outcome.PENDING:
        arm_grader(result.session.pk)
    return result.reason


def _enqueue(region, trading_date, open_at, source="celery", eta=None):
    capture_market_open.apply_async(
        args=(region, trading_date.isoformat(), open_at.isoformat(), source), eta=eta)


def arm_grader(session_id: int, silent_since: datetime | None = None) -> bool:
    """Start a grading chain for a session; with `silent_since`, only if its chain went quiet."""
    token = uuid.uuid4().hex
    sessions = MarketOpenSession.objects.filter(pk=session_id, grading_done=False)
    if silent_since is not None:
        sessions = sessions.filter(Q(grader_seen_at__isnull=True) | Q(grader_seen_at__lt=silent_since))
    if sessions.update(grader_token=token, grader_seen_at=clock_now()) != 1:
        return False
    grade_session.delay(session_id, token)
    return True


@shared_task(acks_late=True)
def grade_session(session_id: int, token: str) -> str:
    """One grading step; re-queues itself until the session has nothing left to do.

    The token ties the chain to the session: when the sweeper re-arms a
    session, the old chain (if it was only slow) stops at its next step.
    """
    session = MarketOpenSession.objects.filter(pk=session_id, grader_token=token, grading_done=False).first()
    if session is None:
        return "stopped"
    MarketOpenSession.objects.filter(pk=session_id, grader_token=token).update(grader_seen_at=clock_now())
    config = trading_config()
    if not config.grading_enabled:
        grade_session.apply_async((session_id, token), countdown=SETTLED_POLL_SEC)
        return "grading disabled"
    if grade_step(session, get_bus(), now_ms()):
        return "done"
    session.refresh_from_db(fields=["outcome"])
    pending = session.outcome == Outcome.PENDING
    grade_session.apply_async((session_id, token),
                              countdown=float(config.grader_poll_interval_sec) if pending else SETTLED_POLL_SEC)
    return session.outcome


def rearm_silent_graders(now: datetime) -> int:
    armed = 0
    for session in sessions_to_grade().only("pk", "outcome"):
        silence = SILENT_PENDING if session.outcome == Outcome.PENDING else SILENT_SETTLED
        armed += arm_grader(session.pk, silent_since=now - silence)
    return armed


@shared_task
def tick_market_clock() -> int:
    """Queue the opens of the next few seconds on their instant, fire any that are overdue,
    and re-arm any grading chain that went silent (a worker died)."""
    now = clock_now()
    queued = 0
    for day in opens_between(now, now + LOOKAHEAD):
        if now < day.open_utc and claim(day.region, day.open_utc, now):
            _enqueue(day.region, day.trading_date, day.open_utc, source="celery", eta=real_instant(day.open_utc))
            queued += 1
    rearmed = rearm_silent_graders(now)
    if rearmed:
        log.warning("re-armed %d grading chain(s) that went silent", rearmed)
    return queued + len(fire_due_opens(now, fire=_enqueue))

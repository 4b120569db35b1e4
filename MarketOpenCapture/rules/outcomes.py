"""The words a graded trade ends with, and the record every grader returns.

Outcomes use the seed's words everywhere (API, exports, database). Every
result carries `GRADER_VERSION`, stored with the outcome, so that a later
change of the grading rules never silently mixes old and new results:
raise it whenever a rule in `grading.py` or `bars.py` changes an outcome.
"""
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

GRADER_VERSION = 1


class Outcome(StrEnum):
    PENDING = "Pending"
    WORKED = "Worked"
    DIDNT_WORK = "Didn't Work"
    EXPIRED = "Expired"
    NO_ENTRY = "No Entry"
    ERROR = "Error"


# Outcomes of a trade that was entered; No Entry, Error and Pending are not entries (SPEC §6).
ENTRIES = frozenset({Outcome.WORKED, Outcome.DIDNT_WORK, Outcome.EXPIRED})
ZERO = Decimal(0)


def pnl_of(outcome: Outcome, target_usd: Decimal, stop_usd: Decimal) -> Decimal:
    """A trade's P&L: the bracket's dollars when the target or the stop was touched, 0 otherwise."""
    if outcome is Outcome.WORKED:
        return target_usd
    return -stop_usd if outcome is Outcome.DIDNT_WORK else ZERO


@dataclass(frozen=True)
class GradeResult:
    """A final outcome. `resolved_at_ms` is the touching quote's (or bar's)
    timestamp, the window's end for Expired, the open for No Entry and the
    end of the offending gap for Error; `resolution_price` is set only for a
    touch. P&L is the bracket's dollars for a touch and 0 otherwise (Error is
    not an entry, so its 0 counts nowhere)."""

    outcome: Outcome
    pnl_usd: Decimal
    resolved_at_ms: int | None
    resolution_price: Decimal | None
    reason: str
    grader_version: int = GRADER_VERSION
    # Bars only: one bar held both target and stop, so the stop was assumed first.
    ambiguous: bool = False

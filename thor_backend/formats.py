"""How numbers and instants leave Thor: one convention for every API and export.

Prices are JSON numbers written from the exact Decimal (so 0.03125 stays
0.03125); instants are ISO-8601 UTC with milliseconds and a Z.
"""
from datetime import datetime, timezone
from decimal import Decimal


def price_number(value: Decimal | None) -> float | None:
    # float() of a Decimal with at most 15 significant digits prints back as
    # the same decimal text, so JSON carries the exact price.
    return None if value is None else float(value)


def iso_utc(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    if moment.tzinfo is None:
        raise ValueError("naive datetime: Thor only handles timezone-aware instants")
    utc = moment.astimezone(timezone.utc)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"

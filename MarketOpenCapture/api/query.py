"""Query parameters of the read endpoints, checked before anything is read.

Every value is validated and an unknown parameter is refused, so a bad value
or a typo (`regoin=Japan`) answers 400 naming it, instead of a 500 or a
silently unfiltered answer. Lists may be repeated (`region=Japan&region=USA`)
or comma-separated (`region=Japan,USA`); names are matched case-insensitively.
"""
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Case, F, IntegerField, OrderBy, Value, When
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import ValidationError

from MarketOpenCapture.models import OUTCOME_CHOICES, WEEKDAY_CHOICES, BacktestRun
from MarketOpenCapture.services.analytics import DEFAULT_MIN_SAMPLE, SIGNAL_ORDER, SessionFilter
from timezones.models import Market

FILTERS = ("region", "day_of_week", "start_date", "end_date", "outcome", "signal", "run")
PAGING = ("page", "page_size")
SORTING = ("ordering",)
# The session columns a table may sort on (`ordering=pnl_usd`, `ordering=-pnl_usd`); ties: newest open first.
SORTABLE = ("trading_date", "region", "day_of_week", "composite_signal", "signal_weight_sum", "outcome", "pnl_usd")
# Trades decided first, best first; then what was no trade or could not be graded; still open last.
OUTCOME_ORDER = ("Worked", "Didn't Work", "Expired", "No Entry", "Error", "Pending")


def _ranked(column: str, order: tuple[str, ...]) -> Case:
    return Case(*(When(**{column: value}, then=Value(rank)) for rank, value in enumerate(order)),
                output_field=IntegerField())


# Sort keys that are not the column itself: the date by open instant; the signal by strength, in the order
# the filters and breakdowns list it (alphabetically STRONG_BUY would land between SELL and STRONG_SELL);
# the outcome by OUTCOME_ORDER (alphabetically Pending would sit between No Entry and Worked).
SORT_KEYS = {
    "trading_date": F("open_at"),
    "composite_signal": _ranked("composite_signal", SIGNAL_ORDER),
    "outcome": _ranked("outcome", OUTCOME_ORDER),
}
ALWAYS = ("format",)  # DRF's renderer override: json, api, csv, xlsx
DEFAULT_PAGE_SIZE = 100
MAX_PAGE_SIZE = 1000
MAX_VALUE_LENGTH = 200


@dataclass(frozen=True)
class Query:
    filter: SessionFilter
    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE
    min_sample: int = DEFAULT_MIN_SAMPLE
    ordering: str | None = None  # a SORTABLE name, "-" first for descending

    def order_by(self) -> tuple[OrderBy, ...]:
        """The ORDER BY of `ordering`: empty values last either way, on every database."""
        if self.ordering is None:
            return ()
        name = self.ordering.removeprefix("-")
        column = SORT_KEYS.get(name, F(name))
        first = column.desc(nulls_last=True) if self.ordering.startswith("-") else column.asc(nulls_last=True)
        return first, F("open_at").desc(), F("region").asc()


def bad(name: str, message: str) -> ValidationError:
    return ValidationError({name: [message]})


def _names(choices: Iterable[str]) -> dict[str, str]:
    """Accepted spellings → the stored name: "Didn't Work", "didnt_work", "STRONG_BUY", "Strong Buy"."""
    spellings = {}
    for name in choices:
        for spelling in (name, name.replace("'", ""), name.replace("_", " ")):
            spellings[spelling.lower()] = name
            spellings[spelling.lower().replace(" ", "_")] = name
    return spellings


OUTCOMES = _names(name for name, _ in OUTCOME_CHOICES)
SIGNALS = _names(SIGNAL_ORDER)
WEEKDAYS = {
    **{str(number): number for number, _ in WEEKDAY_CHOICES},
    **{name.lower(): number for number, name in WEEKDAY_CHOICES},
    **{name[:3].lower(): number for number, name in WEEKDAY_CHOICES},
}


def _values(params, name: str, split: bool = True) -> list[str]:
    values = [part.strip() for raw in params.getlist(name) for part in (raw.split(",") if split else [raw])]
    for value in values:
        if len(value) > MAX_VALUE_LENGTH or not value.isprintable():
            raise bad(name, f"{value[:40]!r} is not a valid value")
    return [value for value in values if value]


def _single(params, name: str, split: bool = True) -> str | None:
    values = _values(params, name, split)
    if len(values) > 1:
        raise bad(name, "give it once")
    return values[0] if values else None


def _pick(params, name: str, known: dict, choices: str) -> tuple:
    picked = []
    for value in _values(params, name):
        if value.lower() not in known:
            raise bad(name, f"{value!r} is not one of {choices}")
        if known[value.lower()] not in picked:
            picked.append(known[value.lower()])
    return tuple(picked)


def _date(params, name: str) -> date | None:
    value = _single(params, name)
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise bad(name, f"{value!r} is not a date; use YYYY-MM-DD") from None


def _integer(params, name: str, default: int, low: int, high: int) -> int:
    value = _single(params, name)
    if value is None:
        return default
    if not value.isascii() or not value.isdigit() or not low <= int(value) <= high:
        raise bad(name, f"{value!r} is not a whole number from {low} to {high}")
    return int(value)


def _run(params) -> str | None:
    name = _single(params, "run", split=False)  # a run's name may hold a comma
    if name is not None and not BacktestRun.objects.filter(name=name).exists():
        raise bad("run", f"no backtest run is named {name!r}")
    return name


def _ordering(params) -> str | None:
    value = _single(params, "ordering")
    if value is not None and value.removeprefix("-") not in SORTABLE:
        raise bad("ordering", f"{value!r} is not one of {', '.join(SORTABLE)} (with - first for descending)")
    return value


def read_query(params, allowed: Iterable[str]) -> Query:
    """The Query of `params` (a QueryDict) for an endpoint that takes the `allowed` parameters."""
    allowed = (*allowed, *ALWAYS)
    unknown = sorted(set(params) - set(allowed))
    if unknown:
        message = f"unknown parameter; this endpoint takes {', '.join(allowed)}"
        raise ValidationError({name: [message] for name in unknown})
    regions = {key.lower(): key for key in Market.objects.order_by("sort_order", "key").values_list("key", flat=True)}
    start, end = _date(params, "start_date"), _date(params, "end_date")
    if start and end and start > end:
        raise bad("start_date", f"{start} is after end_date {end}")
    return Query(
        filter=SessionFilter(
            regions=_pick(params, "region", regions, ", ".join(regions.values())),
            days_of_week=_pick(params, "day_of_week", WEEKDAYS, "Monday … Sunday, Mon … Sun or 0-6 (0 = Monday)"),
            start_date=start,
            end_date=end,
            outcomes=_pick(params, "outcome", OUTCOMES, ", ".join(name for name, _ in OUTCOME_CHOICES)),
            signals=_pick(params, "signal", SIGNALS, ", ".join(SIGNAL_ORDER)),
            run=_run(params),
        ),
        page=_integer(params, "page", 1, 1, 1_000_000),
        page_size=_integer(params, "page_size", DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE),
        min_sample=_integer(params, "min_sample", DEFAULT_MIN_SAMPLE, 1, 1_000_000),
        ordering=_ordering(params),
    )


def echo(query: SessionFilter) -> dict:
    """The filters as applied, for the response (names, not codes)."""
    weekdays = dict(WEEKDAY_CHOICES)
    return {
        "region": list(query.regions),
        "day_of_week": [weekdays[day] for day in query.days_of_week],
        "start_date": query.start_date,
        "end_date": query.end_date,
        "outcome": list(query.outcomes),
        "signal": list(query.signals),
        "run": query.run,
    }


def _parameter(name, kind, description):
    return OpenApiParameter(name, kind, description=description)


PARAMETERS = {
    "region": _parameter("region", OpenApiTypes.STR, "region key(s), repeated or comma-separated: Japan,USA"),
    "day_of_week": _parameter("day_of_week", OpenApiTypes.STR, "weekday(s): Monday, Mon or 0-6 (0 = Monday)"),
    "start_date": _parameter("start_date", OpenApiTypes.DATE, "first trading date (the region's local date)"),
    "end_date": _parameter("end_date", OpenApiTypes.DATE, "last trading date, inclusive"),
    "outcome": _parameter("outcome", OpenApiTypes.STR, "outcome(s): Worked, Didn't Work (or didnt_work), Expired, "
                                                        "No Entry, Error, Pending"),
    "signal": _parameter("signal", OpenApiTypes.STR, "composite signal(s) at the open: STRONG_BUY … STRONG_SELL"),
    "run": _parameter("run", OpenApiTypes.STR, "a backtest run's name; default: live sessions only"),
    "page": _parameter("page", OpenApiTypes.INT, "page number, from 1 (JSON only: exports hold every row)"),
    "page_size": _parameter("page_size", OpenApiTypes.INT, f"rows per page (default {DEFAULT_PAGE_SIZE}, "
                                                            f"at most {MAX_PAGE_SIZE})"),
    "min_sample": _parameter("min_sample", OpenApiTypes.INT, f"fewest trades a best region/day or a predictor "
                                                              f"row needs (default {DEFAULT_MIN_SAMPLE})"),
    "ordering": OpenApiParameter("ordering", OpenApiTypes.STR, enum=[*SORTABLE, *(f"-{name}" for name in SORTABLE)],
                                 description="sort the session rows on this column, - first for descending "
                                             "(default: newest open first)"),
    "format": OpenApiParameter("format", OpenApiTypes.STR, enum=["json", "csv", "xlsx"],
                               description="json (default), csv or xlsx (exports: every row, typed cells)"),
}


def documented(names: Iterable[str]) -> list[OpenApiParameter]:
    return [PARAMETERS[name] for name in (*names, *ALWAYS)]

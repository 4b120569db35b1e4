"""The natural table of each read endpoint, for its CSV and Excel exports.

One row per session, snapshot, missed open, breakdown row, equity point or
predictor row; nested JSON is flattened (`ym_entry.price` → `ym_entry`), and
instant columns end in `_utc`.
"""
from datetime import datetime

from MarketOpenCapture.api.export import Table
from MarketOpenCapture.api.serializers import (
    MISSED_VALUES,
    PREDICTOR_COLUMNS,
    SESSION_VALUES,
    WEEKDAYS,
    figures_values,
    predictor_values,
)
from MarketOpenCapture.models import FutureSnapshot
from MarketOpenCapture.rules.stats import PredictorRow
from MarketOpenCapture.services.analytics import EMPTY, EquityPoint, Figures, elapsed_sec

SESSION_COLUMNS = ("id", "region", "trading_date", "day_of_week", "open_at_utc", "composite_signal",
                   "signal_weight_sum", "weighted_average", "instrument_count", "ym_side", "ym_entry", "ym_target",
                   "ym_stop", "ym_spread", "outcome", "outcome_reason", "pnl_usd", "resolved_at_utc", "elapsed_sec",
                   "ambiguous", "run")
MISSED_COLUMNS = ("id", "region", "trading_date", "open_at_utc", "attempts", "error", "created_at_utc", "run")
FIGURE_COLUMNS = tuple(figures_values(EMPTY))
SNAPSHOT_FIELDS = tuple(field.name for field in FutureSnapshot._meta.concrete_fields
                        if field.name not in ("id", "session", "row_order"))


def _column(field) -> str:
    return f"{field.name}_utc" if field.get_internal_type() == "DateTimeField" else field.name


def session_table(sessions, now: datetime) -> Table:
    rows = [(
        row["id"], row["region"], row["trading_date"], WEEKDAYS[row["day_of_week"]], row["open_at"],
        row["composite_signal"], row["signal_weight_sum"], row["weighted_average"], row["instrument_count"],
        row["entry_side"], row["entry_price"], row["target_price"], row["stop_price"], row["ym_spread"],
        row["outcome"], row["outcome_reason"], row["pnl_usd"], row["resolved_at"],
        elapsed_sec(row["open_at"], row["resolved_at"], now), row["ambiguous"], row["run__name"],
    ) for row in sessions.values(*SESSION_VALUES)]
    return Table("sessions", SESSION_COLUMNS, rows)


def snapshot_table(snapshots) -> Table:
    fields = [FutureSnapshot._meta.get_field(name) for name in SNAPSHOT_FIELDS]
    columns = ("session_id", "region", "trading_date", *(_column(field) for field in fields))
    values = snapshots.values_list("session_id", "session__region", "session__trading_date", *SNAPSHOT_FIELDS)
    return Table("symbols", columns, list(values))


def missed_table(missed) -> Table:
    return Table("missed", MISSED_COLUMNS, list(missed.values_list(*MISSED_VALUES)))


def figures_table(name: str, groups: dict[str, dict[str, Figures]]) -> Table:
    """One row per group of each breakdown, the breakdown named in the first column."""
    rows = [(breakdown, key, *figures_values(result).values())
            for breakdown, members in groups.items() for key, result in members.items()]
    return Table(name, ("breakdown", "key", *FIGURE_COLUMNS), rows)


def equity_table(points: list[EquityPoint]) -> Table:
    return Table("equity", ("date", "pnl_usd", "cumulative_pnl", "drawdown"),
                 [(point.day, point.pnl, point.cumulative, point.drawdown) for point in points])


def predictor_rows_table(rows: list[PredictorRow]) -> Table:
    return Table("predictors", PREDICTOR_COLUMNS, [tuple(predictor_values(row).values()) for row in rows])

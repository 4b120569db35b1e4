from datetime import datetime, timezone
from decimal import Decimal
from zoneinfo import ZoneInfo

from rest_framework import serializers

from MarketOpenCapture.models import OUTCOME_CHOICES, SIDE_CHOICES, WEEKDAY_CHOICES, FutureSnapshot, MarketOpenSession
from MarketOpenCapture.rules.stats import PredictorRow
from MarketOpenCapture.services.analytics import Figures, elapsed_sec
from thor_backend.formats import iso_utc, price_number


class FutureSnapshotSerializer(serializers.ModelSerializer):
    class Meta:
        model = FutureSnapshot
        exclude = ["id", "session", "row_order"]


class SessionSerializer(serializers.ModelSerializer):
    day_of_week = serializers.CharField(source="day_name")
    run = serializers.SlugRelatedField(slug_field="name", read_only=True, allow_null=True,
                                       help_text="the backtest run; null for a live session")

    class Meta:
        model = MarketOpenSession
        fields = "__all__"


class SessionDetailSerializer(SessionSerializer):
    snapshots = FutureSnapshotSerializer(many=True, read_only=True)


class TheoreticalTradeSerializer(serializers.Serializer):
    """A row of theoretical_trades(), for the schema only (the function builds the JSON)."""

    symbol = serializers.CharField()
    side = serializers.ChoiceField(choices=SIDE_CHOICES, help_text="the composite's direction (a bear symbol's opposite)")
    entry = serializers.FloatField()
    target = serializers.FloatField()
    stop = serializers.FloatField()
    target_ticks = serializers.IntegerField()
    stop_ticks = serializers.IntegerField()
    target_usd = serializers.FloatField(help_text="what the whole target ticks are worth")
    stop_usd = serializers.FloatField()
    outcome = serializers.ChoiceField(choices=OUTCOME_CHOICES, allow_null=True)
    pnl_usd = serializers.FloatField(allow_null=True)
    resolved_at = serializers.DateTimeField(allow_null=True)


class SessionDetailResponseSerializer(SessionDetailSerializer):
    """GET sessions/{id}/: the stored session plus what the view works out for it, documented so the
    dashboard's generated types hold every key it sends."""

    opened_at = serializers.CharField(help_text="the open instant in the region's zone, with its offset")
    elapsed_sec = serializers.FloatField(help_text="open → resolution; while Pending, open → now")
    theoretical_trades = TheoreticalTradeSerializer(many=True, help_text="the other symbols' trades (SPEC §4)")
    path_url = serializers.CharField(help_text="the traded symbol's quotes against the bracket")


class CaptureRequestSerializer(serializers.Serializer):
    region = serializers.CharField()
    at = serializers.DateTimeField(required=False, help_text="capture as of this instant; default: the region's latest open")


# Read endpoints: plain functions over value rows, fast for thousands of sessions.

SESSION_VALUES = ("id", "region", "trading_date", "day_of_week", "open_at", "composite_signal", "signal_weight_sum",
                  "weighted_average", "instrument_count", "entry_side", "entry_price", "target_price", "stop_price",
                  "ym_spread", "outcome", "outcome_reason", "pnl_usd", "resolved_at", "ambiguous", "run__name")
SYMBOL_VALUES = ("session_id", "symbol", "signal", "signal_weight", "last", "bid", "ask", "change", "stale")
MISSED_VALUES = ("id", "region", "trading_date", "open_at", "attempts", "error", "created_at", "run__name")
PREDICTOR_COLUMNS = ("symbol", "signal", "n", "worked", "hit_rate", "hit_rate_low", "hit_rate_high", "lift")
WEEKDAYS = dict(WEEKDAY_CHOICES)


def local_iso(moment: datetime | None, zone: ZoneInfo | None) -> str | None:
    """An instant in the region's own zone, with its offset (2026-11-30T09:00:00+09:00)."""
    if moment is None:
        return None
    local = moment.astimezone(zone or timezone.utc)
    return local.isoformat(timespec="milliseconds" if local.microsecond else "seconds")


def session_json(row: dict, zone: ZoneInfo | None, now: datetime) -> dict:
    entry = None if row["entry_side"] is None else {
        "side": row["entry_side"],
        "price": price_number(row["entry_price"]),
        "target": price_number(row["target_price"]),
        "stop": price_number(row["stop_price"]),
        "spread": price_number(row["ym_spread"]),
    }
    return {
        "id": row["id"],
        "region": row["region"],
        "trading_date": row["trading_date"].isoformat(),
        "day_of_week": WEEKDAYS[row["day_of_week"]],
        "opened_at": local_iso(row["open_at"], zone),
        "composite": {
            "signal": row["composite_signal"],
            "signal_weight_sum": row["signal_weight_sum"],
            "weighted_average": price_number(row["weighted_average"]),
            "instrument_count": row["instrument_count"],
        },
        "ym_entry": entry,
        "outcome": row["outcome"],
        "outcome_reason": row["outcome_reason"],
        "pnl_usd": price_number(row["pnl_usd"]),
        "resolved_at": local_iso(row["resolved_at"], zone),
        "elapsed_sec": elapsed_sec(row["open_at"], row["resolved_at"], now),
        "ambiguous": row["ambiguous"],
        "run": row["run__name"],
    }


def symbol_json(row: dict) -> dict:
    return {
        "symbol": row["symbol"],
        "signal": row["signal"] or None,
        "signal_weight": row["signal_weight"],
        "last": price_number(row["last"]),
        "bid": price_number(row["bid"]),
        "ask": price_number(row["ask"]),
        "change": price_number(row["change"]),
        "stale": row["stale"],
    }


def figures_values(result: Figures) -> dict:
    """A group's figures as typed values (money stays Decimal), shared by the JSON and the exports."""
    summary = result.summary
    return {
        "total_sessions": summary.total_sessions,
        "entries_made": summary.entries_made,
        "worked": summary.worked,
        "didnt_work": summary.didnt_work,
        "expired": summary.expired,
        "no_entry": summary.no_entry,
        "errors": summary.errors,
        "pending": summary.pending,
        "n": result.decided,
        "hit_rate": summary.hit_rate,
        "hit_rate_low": summary.hit_rate_low,
        "hit_rate_high": summary.hit_rate_high,
        "expected_value": summary.expected_value,
        "total_pnl": summary.total_pnl,
        "avg_resolution_time_sec": result.avg_resolution_sec,
        "ambiguous": summary.ambiguous,
        "ambiguity_rate": summary.ambiguity_rate,
        "shared_trades_merged": result.shared_trades_merged,
    }


def figures_json(result: Figures) -> dict:
    return {key: price_number(value) if isinstance(value, Decimal) else value
            for key, value in figures_values(result).items()}


def pooled_json(result: Figures) -> dict:
    """Pooled figures say so, and how many shared trades they merged (SPEC §6)."""
    return {"pooled": True, **figures_json(result)}


def predictor_values(row: PredictorRow) -> dict:
    return dict(zip(PREDICTOR_COLUMNS, (row.symbol, row.signal, row.n, row.worked, row.hit_rate, row.low, row.high,
                                        row.lift)))


def insight_json(row: PredictorRow) -> dict:
    return {
        "symbol": row.symbol,
        "signal": row.signal,
        "ym_worked_rate": row.hit_rate,
        "sample_size": row.n,
        "hit_rate_low": row.low,
        "hit_rate_high": row.high,
        "lift": row.lift,
        "text": f"When {row.symbol} shows {row.signal}, YM works {row.hit_rate:.0%} of the time (n = {row.n})",
    }


def missed_json(row: dict, zone: ZoneInfo | None) -> dict:
    """An open that produced no session, and why (today's `missed`)."""
    return {
        "id": row["id"],
        "region": row["region"],
        "trading_date": row["trading_date"].isoformat(),
        "open_at": iso_utc(row["open_at"]),
        "opened_at": local_iso(row["open_at"], zone),
        "attempts": row["attempts"],
        "error": row["error"],
    }


def missed_record_json(row: dict, zone: ZoneInfo | None) -> dict:
    """A missed open as /missed/ lists it: also when it was recorded and in which run."""
    return {**missed_json(row, zone), "created_at": iso_utc(row["created_at"]), "run": row["run__name"]}



def theoretical_trades(session: MarketOpenSession) -> list[dict]:
    """The other symbols' trades in the composite's direction (SPEC §4)."""
    return [{
        "symbol": snapshot.symbol,
        "side": snapshot.trade_side,
        "entry": price_number(snapshot.trade_entry),
        "target": price_number(snapshot.trade_target),
        "stop": price_number(snapshot.trade_stop),
        "target_ticks": snapshot.trade_target_ticks,
        "stop_ticks": snapshot.trade_stop_ticks,
        "target_usd": price_number(snapshot.trade_target_usd),
        "stop_usd": price_number(snapshot.trade_stop_usd),
        "outcome": snapshot.trade_outcome or None,
        "pnl_usd": price_number(snapshot.trade_pnl_usd),
        "resolved_at": iso_utc(snapshot.trade_resolved_at),
    } for snapshot in session.snapshots.all() if snapshot.trade_side]

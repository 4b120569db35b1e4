"""GET /api/market-open/today/: each region's session on its own trading date, or why its capture failed."""
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from MarketOpenCapture.api.analytics_serializers import MissedRow, PooledFigures, SessionRow
from MarketOpenCapture.api.base import ReadView
from MarketOpenCapture.api.query import documented
from MarketOpenCapture.api.serializers import (
    MISSED_VALUES,
    SESSION_VALUES,
    SYMBOL_VALUES,
    missed_json,
    pooled_json,
    session_json,
    symbol_json,
)
from MarketOpenCapture.api.tables import session_table
from MarketOpenCapture.models import SIGNAL_CHOICES, TOTAL_SYMBOL, FutureSnapshot
from MarketOpenCapture.services import analytics
from thor_backend.clock import now as clock_now
from thor_backend.formats import iso_utc


class TodaySymbol(serializers.Serializer):
    """serializers.symbol_json: one future as it stood at the open."""

    symbol = serializers.CharField()
    signal = serializers.ChoiceField(choices=SIGNAL_CHOICES, allow_null=True, help_text="null: no net change")
    signal_weight = serializers.IntegerField(allow_null=True)
    last = serializers.FloatField(allow_null=True)
    bid = serializers.FloatField(allow_null=True)
    ask = serializers.FloatField(allow_null=True)
    change = serializers.FloatField(allow_null=True)
    stale = serializers.BooleanField()


class TodaySession(SessionRow):
    """A session row with its window (for a Pending card's time left) and its 11 futures at the open."""

    window_sec = serializers.IntegerField(help_text="the evaluation window: a Pending trade is decided by "
                                                    "opened_at + window_sec")
    symbols = TodaySymbol(many=True)


class TodaySummary(PooledFigures):
    """Today's pooled figures: a trade that regions opening together share counts once (SPEC §6)."""

    best_region = serializers.CharField(allow_null=True, help_text="the region whose trade earned most today")


class Today(serializers.Serializer):
    """The documented shape of the answer (the view builds it with plain functions)."""

    now = serializers.CharField(help_text="the server's clock, ISO-8601 UTC (may run simulated time)")
    date = serializers.DictField(child=serializers.DateField(), help_text="region → its own local trading date")
    sessions = TodaySession(many=True)
    missed = MissedRow(many=True, help_text="today's failed captures (SPEC §3), by open instant; a region whose "
                                            "capture later succeeded is in `sessions` instead")
    summary = TodaySummary()


class TodayView(ReadView):
    export_name = "thor-today"

    @extend_schema(parameters=documented(()), responses={200: Today}, description=(
        "Today's sessions, where today is each region's own local date (`date` maps region → date), "
        "with the YM entry, outcome, elapsed seconds and the 11 symbols at the open; `missed`: the regions "
        "whose capture failed today, and why; `summary` pools a trade that regions opening together share. "
        "best_region: the region whose trade earned most today."))
    def get(self, request):
        self.query()  # refuses any parameter but `format`
        now = clock_now()
        today = analytics.today(now)
        if self.exporting:
            return Response([session_table(today.sessions, now)])
        zones = analytics.region_zones()
        rows = list(today.sessions.values(*SESSION_VALUES, "evaluation_window_sec"))
        symbols = {row["id"]: [] for row in rows}
        snapshots = (FutureSnapshot.objects.filter(session_id__in=symbols).exclude(symbol=TOTAL_SYMBOL)
                     .order_by("session_id", "row_order").values(*SYMBOL_VALUES))
        for snapshot in snapshots:
            symbols[snapshot["session_id"]].append(symbol_json(snapshot))
        return Response({
            "now": iso_utc(now),
            "date": {region: day.isoformat() for region, day in today.dates.items()},
            "sessions": [{**session_json(row, zones.get(row["region"]), now),
                          "window_sec": row["evaluation_window_sec"], "symbols": symbols[row["id"]]}
                         for row in rows],
            "missed": [missed_json(row, zones.get(row["region"])) for row in today.missed.values(*MISSED_VALUES)],
            "summary": {**pooled_json(today.figures), "best_region": today.best_region},
        })

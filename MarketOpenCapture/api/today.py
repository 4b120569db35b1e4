"""GET /api/market-open/today/: each region's session on its own trading date."""
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from MarketOpenCapture.api.base import ReadView
from MarketOpenCapture.api.query import documented
from MarketOpenCapture.api.serializers import SESSION_VALUES, SYMBOL_VALUES, pooled_json, session_json, symbol_json
from MarketOpenCapture.api.tables import session_table
from MarketOpenCapture.models import TOTAL_SYMBOL, FutureSnapshot
from MarketOpenCapture.services import analytics
from thor_backend.clock import now as clock_now
from thor_backend.formats import iso_utc


class TodayView(ReadView):
    export_name = "thor-today"

    @extend_schema(parameters=documented(()), responses={200: OpenApiTypes.OBJECT}, description=(
        "Today's sessions, where today is each region's own local date (`date` maps region → date), "
        "with the YM entry, outcome, elapsed seconds and the 11 symbols at the open; `summary` pools a "
        "trade that regions opening together share. best_region: the region whose trade earned most today."))
    def get(self, request):
        self.query()  # refuses any parameter but `format`
        now = clock_now()
        today = analytics.today(now)
        if self.exporting:
            return Response([session_table(today.sessions, now)])
        zones = analytics.region_zones()
        rows = list(today.sessions.values(*SESSION_VALUES))
        symbols = {row["id"]: [] for row in rows}
        snapshots = (FutureSnapshot.objects.filter(session_id__in=symbols).exclude(symbol=TOTAL_SYMBOL)
                     .order_by("session_id", "row_order").values(*SYMBOL_VALUES))
        for snapshot in snapshots:
            symbols[snapshot["session_id"]].append(symbol_json(snapshot))
        return Response({
            "now": iso_utc(now),
            "date": {region: day.isoformat() for region, day in today.dates.items()},
            "sessions": [{**session_json(row, zones.get(row["region"]), now), "symbols": symbols[row["id"]]}
                         for row in rows],
            "summary": {**pooled_json(today.figures), "best_region": today.best_region},
        })

"""GET /api/health: is Thor able to work (database, quote bus), and how fresh are the quotes.

No login: load balancers and monitors call it. 503 when the database or the
bus is down; old quotes are reported, not judged (markets close at weekends).
"""
import logging

from django.db import connection
from drf_spectacular.utils import extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from FutureTrading.rules.instruments import SPEC_INSTRUMENTS
from FutureTrading.services.config import instrument_specs
from LiveData.api.serializers import HealthSerializer
from LiveData.bus import get_bus
from thor_backend.clock import now_ms
from LiveData.rules.staleness import quote_age_sec

log = logging.getLogger(__name__)


class HealthView(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(responses={200: HealthSerializer, 503: HealthSerializer})
    def get(self, request):
        database_ok = _database_ok()
        symbols = list(instrument_specs()) if database_ok else [spec.symbol for spec in SPEC_INSTRUMENTS]
        kind, latest = "unknown", None
        try:
            bus = get_bus()
            kind = bus.kind
            bus.ping()
            latest = bus.latest(symbols)
        except Exception as exc:  # noqa: BLE001 - any failure means "down" here
            log.warning("health: quote bus check failed: %r", exc)
        healthy = database_ok and latest is not None
        now = now_ms()
        return Response({
            "status": "ok" if healthy else "degraded",
            "database": "ok" if database_ok else "error",
            "quote_bus": {"kind": kind, "ok": latest is not None},
            "quotes": {s: quote_age_sec(latest[s].ts_ms, now) if latest and s in latest else None for s in symbols},
        }, status=200 if healthy else 503)


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as exc:  # noqa: BLE001 - any failure means "down" here
        log.warning("health: database check failed: %r", exc)
        return False
    return True

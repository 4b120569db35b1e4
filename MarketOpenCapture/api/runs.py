"""GET /api/market-open/runs/: the named backtest runs, for the `run` filter of the other read endpoints."""
from django.db.models import Count, Max, Min
from drf_spectacular.utils import extend_schema
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.response import Response

from MarketOpenCapture.api.analytics_serializers import Runs
from MarketOpenCapture.api.base import ReadView
from MarketOpenCapture.api.query import documented
from MarketOpenCapture.models import BacktestRun


class RunsView(ReadView):
    renderer_classes = [JSONRenderer, BrowsableAPIRenderer]

    @extend_schema(parameters=documented(()), responses={200: Runs},
                   description="Backtest runs (`manage.py replay --run NAME`), newest first, with their session "
                               "count and date span. Live sessions belong to no run.")
    def get(self, request):
        self.query()  # refuses any parameter
        runs = (BacktestRun.objects.annotate(session_count=Count("sessions"), first_date=Min("sessions__trading_date"),
                                             last_date=Max("sessions__trading_date"))
                .order_by("-created_at", "name"))
        return Response(Runs({"results": [{
            "name": run.name, "created_at": run.created_at, "sessions": run.session_count,
            "first_date": run.first_date, "last_date": run.last_date,
        } for run in runs]}).data)

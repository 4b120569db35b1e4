"""Market status and schedule: look up, validate, call the service, serialise."""
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from thor_backend.formats import iso_utc
from thor_backend import clock
from timezones import services
from timezones.api.serializers import ScheduleQuery, market_now_json, schedule_day_json


class MarketsView(APIView):
    @extend_schema(responses={200: OpenApiTypes.OBJECT},
                   description="Each market's status now, on its own local trading date.")
    def get(self, request):
        now = clock.now()
        board = services.market_board(now)
        return Response({"now": iso_utc(now), "markets": [market_now_json(row, now) for row in board]})


class ScheduleView(APIView):
    @extend_schema(
        parameters=[
            OpenApiParameter("date", OpenApiTypes.DATE, description="one local trading date"),
            OpenApiParameter("start", OpenApiTypes.DATE, description="first date of a range"),
            OpenApiParameter("end", OpenApiTypes.DATE, description="last date of a range (inclusive, ≤ 366 days)"),
        ],
        responses={200: OpenApiTypes.OBJECT},
        description="Each market's session on local date D: trading day, open and close (UTC).",
    )
    def get(self, request):
        query = ScheduleQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        start, end = query.validated_data["start"], query.validated_data["end"]
        days = services.schedule(start, end)
        if query.validated_data["single"]:
            return Response(schedule_day_json(start, days[start]))
        return Response({
            "start": start.isoformat(),
            "end": end.isoformat(),
            "days": [schedule_day_json(day, sessions) for day, sessions in days.items()],
        })

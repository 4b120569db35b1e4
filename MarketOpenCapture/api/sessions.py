"""Sessions one by one: the filtered list, one session in full, its symbols, the pending and the missed."""
from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from MarketOpenCapture.api import analytics_serializers as shapes
from MarketOpenCapture.api.base import ReadView, page_of
from MarketOpenCapture.api.query import FILTERS, PAGING, SORTING, Query, documented, echo
from MarketOpenCapture.api.serializers import (
    MISSED_VALUES,
    SESSION_VALUES,
    FutureSnapshotSerializer,
    SessionDetailResponseSerializer,
    SessionDetailSerializer,
    local_iso,
    missed_record_json,
    session_json,
    theoretical_trades,
)
from MarketOpenCapture.api.tables import missed_table, session_table, snapshot_table
from MarketOpenCapture.models import TOTAL_SYMBOL, FutureSnapshot, MarketOpenSession
from MarketOpenCapture.rules.outcomes import Outcome
from MarketOpenCapture.services import analytics
from thor_backend.clock import now as clock_now


def sorted_sessions(sessions, query: Query):
    """`sessions` in the asked `ordering` (default: the model's, newest open first)."""
    ordering = query.order_by()
    return sessions.order_by(*ordering) if ordering else sessions


def session_page(view: ReadView, sessions, query: Query, count: int | None = None) -> dict:
    """A page of sessions as JSON rows (the shape of `today`, without symbols), in the asked order."""
    now, zones = clock_now(), analytics.region_zones()
    page = page_of(view.request, sorted_sessions(sessions, query), query, count)
    rows = page.pop("rows").values(*SESSION_VALUES)
    return {**page, "results": [session_json(row, zones.get(row["region"]), now) for row in rows]}


class SessionListView(ReadView):
    parameters = (*FILTERS, *PAGING, *SORTING)
    export_name = "thor-sessions"

    @extend_schema(parameters=documented(parameters), responses={200: shapes.SessionList},
                   operation_id="market_open_sessions_list",
                   description="Sessions matching the filters, newest first or in the asked `ordering`; exports "
                               "hold every matching row.")
    def get(self, request):
        query = self.query()
        sessions = analytics.filter_sessions(query.filter)
        if self.exporting:
            return Response([session_table(sorted_sessions(sessions, query), clock_now())])
        return Response({"filters": echo(query.filter), **session_page(self, sessions, query)})


class PendingView(ReadView):
    parameters = ("region", "run")
    export_name = "thor-pending"

    @extend_schema(parameters=documented(parameters), responses={200: OpenApiTypes.OBJECT},
                   description="Sessions still being graded, oldest first, with seconds elapsed since the open.")
    def get(self, request):
        query = self.query()
        sessions = analytics.filter_sessions(query.filter).filter(outcome=Outcome.PENDING).order_by("open_at", "region")
        now = clock_now()
        if self.exporting:
            return Response([session_table(sessions, now)])
        zones = analytics.region_zones()
        return Response({"results": [session_json(row, zones.get(row["region"]), now)
                                     for row in sessions.values(*SESSION_VALUES)]})


class MissedView(ReadView):
    parameters = ("region", "start_date", "end_date", "run", *PAGING)
    export_name = "thor-missed"

    @extend_schema(parameters=documented(parameters), responses={200: shapes.MissedList},
                   description="Opens that produced no session, and why; newest first.")
    def get(self, request):
        query = self.query()
        missed = analytics.filter_missed(query.filter)
        if self.exporting:
            return Response([missed_table(missed)])
        page = page_of(request, missed, query)
        rows = page.pop("rows").values(*MISSED_VALUES)
        zones = analytics.region_zones()
        return Response({**page, "results": [missed_record_json(row, zones.get(row["region"])) for row in rows]})


class SessionDetailView(ReadView):
    export_name = "thor-session"

    @extend_schema(parameters=documented(()), responses={200: SessionDetailResponseSerializer},
                   description="One session with all 12 snapshot rows (11 futures + TOTAL) and the "
                               "theoretical trades of the other symbols.")
    def get(self, request, pk: int):
        self.query()  # refuses any parameter but `format`
        session = get_object_or_404(MarketOpenSession.objects.select_related("run").prefetch_related("snapshots"),
                                    pk=pk)
        if self.exporting:
            return Response([snapshot_table(FutureSnapshot.objects.filter(session=session))])
        zone = analytics.region_zones().get(session.region)
        return Response({
            **SessionDetailSerializer(session).data,
            "opened_at": local_iso(session.open_at, zone),
            "elapsed_sec": analytics.elapsed_sec(session.open_at, session.resolved_at, clock_now()),
            "theoretical_trades": theoretical_trades(session),
            "path_url": reverse("market-open-session-path", kwargs={"pk": session.pk}),  # YM quotes vs the bracket
        })


class SessionSymbolsView(ReadView):
    export_name = "thor-symbols"

    @extend_schema(parameters=documented(()), responses={200: shapes.SessionSymbols},
                   description="The 11 futures of one session as they stood at the open.")
    def get(self, request, pk: int):
        self.query()  # refuses any parameter but `format`
        session = get_object_or_404(MarketOpenSession, pk=pk)
        snapshots = FutureSnapshot.objects.filter(session=session).exclude(symbol=TOTAL_SYMBOL)
        if self.exporting:
            return Response([snapshot_table(snapshots)])
        return Response({"session": session.pk, "region": session.region,
                         "trading_date": session.trading_date.isoformat(),
                         "symbols": FutureSnapshotSerializer(snapshots, many=True).data})

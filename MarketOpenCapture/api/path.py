"""GET /api/market-open/sessions/{id}/path/: the YM quotes of a session's window, for its chart.

The stored audit trail when the session has one; before that (the grader
stores it once the audit horizon has passed) the quote bus, up to now. A
backtest run's session without a trail (one replayed from 1-minute bars)
gets an empty path and the reason: the live bus of that span holds quotes the
backtest never graded, and a chart of them would contradict its outcome. A
window of one-a-second quotes is thinned to at most MAX_POINTS quotes, keeping
each slice's highest and lowest bid and ask, so a touch of target or stop
that lasted one quote still shows on the chart.
"""
import logging
from datetime import datetime, timezone

import numpy as np
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from LiveData.bus import QuoteBusUnavailable, get_bus
from LiveData.quotes import to_ms
from MarketOpenCapture.api.base import ReadView
from MarketOpenCapture.api.export import Table
from MarketOpenCapture.api.query import documented
from MarketOpenCapture.models import MarketOpenSession
from MarketOpenCapture.rules.capture import TRADED_SYMBOL
from MarketOpenCapture.rules.scaled import SCALE, from_scaled
from MarketOpenCapture.services.audit import audit_path, bus_path
from thor_backend.clock import now_ms

log = logging.getLogger(__name__)

MAX_POINTS = 600
SLICE_POINTS = 4  # a slice keeps up to 4 quotes: lowest and highest bid, lowest and highest ask
NO_TRAIL_IN_RUN = ("This backtest session stored no quotes (a replay of 1-minute bars keeps none), and the live "
                   "quotes of that time are not what the backtest graded.")
NO_QUOTES = np.empty(0, dtype=np.int64)


class SessionPath(serializers.Serializer):
    session = serializers.IntegerField()
    symbol = serializers.CharField()
    source = serializers.ChoiceField(choices=["audit", "bus", "none"],
                                     help_text="the stored audit trail, the live quote bus while there is none "
                                               "yet, or none: a backtest session without a trail")
    reason = serializers.CharField(allow_null=True, help_text="why there is no path (source none); else null")
    open_ms = serializers.IntegerField(help_text="the open instant T, epoch milliseconds")
    window_end_ms = serializers.IntegerField(help_text="T + the evaluation window")
    quote_count = serializers.IntegerField(help_text="quotes in (T, min(window end, now)] before thinning")
    ts_ms = serializers.ListField(child=serializers.IntegerField(), help_text="quote timestamps, oldest first")
    bid = serializers.ListField(child=serializers.FloatField())
    ask = serializers.ListField(child=serializers.FloatField())


def thin(ts: np.ndarray, bid: np.ndarray, ask: np.ndarray, max_points: int = MAX_POINTS) -> np.ndarray:
    """Indices of the quotes to draw: all of them when few, else each slice's extremes, in time order."""
    if len(ts) <= max_points:
        return np.arange(len(ts))
    keep = []
    for part in np.array_split(np.arange(len(ts)), max_points // SLICE_POINTS):
        keep += [part[np.argmin(bid[part])], part[np.argmax(bid[part])],
                 part[np.argmin(ask[part])], part[np.argmax(ask[part])]]
    return np.unique(keep)


def window_quotes(session: MarketOpenSession, open_ms: int, end_ms: int) -> tuple[str, tuple]:
    """The source and the ts, scaled bid and scaled ask of the traded symbol's quotes in (open, end]."""
    trail = audit_path(session)
    if trail is not None:
        inside = (trail.ts_ms > open_ms) & (trail.ts_ms <= end_ms)
        return "audit", (trail.ts_ms[inside], trail.bid[inside], trail.ask[inside])
    if session.run_id is not None:
        return "none", (NO_QUOTES, NO_QUOTES, NO_QUOTES)
    return "bus", bus_path(get_bus(), TRADED_SYMBOL, open_ms, min(end_ms, now_ms()))


def path_table(ts: np.ndarray, bid: np.ndarray, ask: np.ndarray) -> Table:
    rows = [(datetime.fromtimestamp(int(t) / 1000, timezone.utc), from_scaled(b), from_scaled(a))
            for t, b, a in zip(ts, bid, ask)]
    return Table("path", ("ts_utc", "bid", "ask"), rows)


class SessionPathView(ReadView):
    export_name = "thor-path"

    @extend_schema(parameters=documented(()), responses={200: SessionPath},
                   description="The traded symbol's quotes (bid and ask) in the session's evaluation window, "
                               "thinned for a chart without losing a touch; exports hold every quote.")
    def get(self, request, pk: int):
        self.query()  # refuses any parameter but `format`
        session = get_object_or_404(MarketOpenSession, pk=pk)
        open_ms = to_ms(session.open_at)
        end_ms = open_ms + session.evaluation_window_sec * 1000
        try:
            source, (ts, bid, ask) = window_quotes(session, open_ms, end_ms)
        except QuoteBusUnavailable as exc:
            log.warning("session %s path: quote bus unavailable: %s", pk, exc)
            return Response({"error": "quote bus unavailable"}, status=503)
        if self.exporting:
            return Response([path_table(ts, bid, ask)])
        shown = thin(ts, bid, ask)
        return Response({
            "session": session.pk, "symbol": TRADED_SYMBOL, "source": source,
            "reason": NO_TRAIL_IN_RUN if source == "none" else None,
            "open_ms": open_ms, "window_end_ms": end_ms, "quote_count": len(ts),
            # scaled / 10^8 is the double nearest the exact price, as float(Decimal) would give.
            "ts_ms": ts[shown].tolist(), "bid": (bid[shown] / SCALE).tolist(), "ask": (ask[shown] / SCALE).tolist(),
        })

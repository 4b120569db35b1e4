"""GET /api/feed/quotes/snapshot and /api/feed/quotes/stream: the latest quotes, once or live."""
from django.http import StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from FutureTrading.rules.symbols import UnknownSymbol, normalise_symbol
from FutureTrading.services.config import aliases, instrument_specs, trading_config
from LiveData.api.serializers import SnapshotSerializer
from LiveData.bus import QuoteBusUnavailable, get_bus
from LiveData.quotes import from_ms
from thor_backend.clock import now_ms
from LiveData.serialize import quote_json
from LiveData.services.stream import quote_events
from thor_backend.formats import iso_utc

BUS_DOWN = {"error": "quote bus unavailable"}
SYMBOLS_PARAMETER = OpenApiParameter(
    "symbols", OpenApiTypes.STR, description="comma-separated symbols or feed aliases (default: every instrument)",
)


def requested_symbols(request) -> list[str]:
    """`?symbols=YM,/ES` normalised, in the order given; absent → every active instrument."""
    raw = request.query_params.get("symbols")
    if raw is None or not raw.strip():
        return list(instrument_specs())
    known = aliases()
    symbols = []
    for part in raw.split(","):
        try:
            symbol = normalise_symbol(part, known)
        except UnknownSymbol as exc:
            raise ValidationError({"symbols": [str(exc)]}) from None
        if symbol not in symbols:
            symbols.append(symbol)
    return symbols


class SnapshotView(APIView):
    @extend_schema(parameters=[SYMBOLS_PARAMETER], responses={200: SnapshotSerializer})
    def get(self, request):
        symbols = requested_symbols(request)
        stale_after = trading_config().stale_quote_sec
        try:
            latest = get_bus().latest(symbols)
        except QuoteBusUnavailable:
            return Response(BUS_DOWN, status=503)
        now = now_ms()
        return Response({
            "as_of": iso_utc(from_ms(now)),
            "stale_after_sec": stale_after,
            "quotes": [quote_json(latest[s], now, stale_after) for s in symbols if s in latest],
            "missing": [s for s in symbols if s not in latest],
        })


class EventStreamRenderer(BaseRenderer):
    """Lets DRF accept `Accept: text/event-stream`; errors are sent as one SSE event."""

    media_type = "text/event-stream"
    format = "sse"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return f"event: error\ndata: {JSONRenderer().render(data).decode()}\n\n".encode()


class StreamView(APIView):
    renderer_classes = [JSONRenderer, EventStreamRenderer]

    @extend_schema(
        parameters=[SYMBOLS_PARAMETER, OpenApiParameter(
            "max_seconds", OpenApiTypes.FLOAT, description="end the stream after this long (default: never)")],
        responses={200: OpenApiResponse(
            OpenApiTypes.STR, description="text/event-stream: a `quote` event (a snapshot quote as JSON) per "
                                          "changed latest quote, and a comment line as heartbeat every 15 s")},
    )
    def get(self, request):
        symbols = requested_symbols(request)
        max_seconds = _max_seconds(request.query_params.get("max_seconds"))
        events = quote_events(get_bus(), symbols, trading_config().stale_quote_sec, max_seconds=max_seconds)
        response = StreamingHttpResponse(events, content_type="text/event-stream")
        response["Cache-Control"] = "no-cache"
        response["X-Accel-Buffering"] = "no"  # no proxy buffering, events go out as they come
        return response


def _max_seconds(raw: str | None) -> float | None:
    if raw is None:
        return None
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not 0 < value < float("inf"):
        raise ValidationError({"max_seconds": [f"must be a positive number of seconds, got {raw!r}"]})
    return value

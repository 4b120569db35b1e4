"""GET /api/market-open/whatif/: recorded vs re-graded statistics of any filter set.

Reads only: sessions are re-graded from their audit trails in memory and the
recorded outcomes are never touched, so it is a GET like the other analytics.
"""
from decimal import Decimal, InvalidOperation

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.response import Response

from MarketOpenCapture.api import analytics_serializers as shapes
from MarketOpenCapture.api.base import ReadView
from MarketOpenCapture.api.query import FILTERS, bad, documented, echo
from MarketOpenCapture.rules.capture import Policy
from MarketOpenCapture.services import analytics
from MarketOpenCapture.services.whatif import WhatIfError, whatif

QUESTION = ("target_usd", "stop_usd", "window_sec", "policy")
QUESTION_PARAMETERS = [
    OpenApiParameter("target_usd", OpenApiTypes.DECIMAL, description="target in dollars (default: as recorded)"),
    OpenApiParameter("stop_usd", OpenApiTypes.DECIMAL, description="stop in dollars (default: as recorded)"),
    OpenApiParameter("window_sec", OpenApiTypes.INT, description="evaluation window in seconds, up to the audit horizon"),
    OpenApiParameter("policy", OpenApiTypes.STR, enum=[str(policy) for policy in Policy],
                     description="composite (default), or always long / always short"),
]


def _dollars(params, name):
    raw = params.get(name)
    if raw is None:
        return None
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise bad(name, f"{raw!r} is not an amount of dollars") from None
    if not value.is_finite() or value <= 0:
        raise bad(name, f"{raw!r} must be a positive amount of dollars")
    return value


def _seconds(params, name):
    raw = params.get(name)
    if raw is None:
        return None
    # isascii: "²" is a digit to isdigit() but not to int(); 9 digits: int() refuses thousands.
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 9 or int(raw) <= 0:
        raise bad(name, f"{raw!r} must be a positive whole number of seconds")
    return int(raw)


class WhatIfView(ReadView):
    parameters = (*FILTERS, *QUESTION)
    renderer_classes = [JSONRenderer, BrowsableAPIRenderer]

    @extend_schema(parameters=[*documented(FILTERS), *QUESTION_PARAMETERS], responses={200: shapes.WhatIf},
                   description="Re-grade the filtered sessions from their audit trails with another target, stop, "
                               "window or policy; recorded and what-if statistics side by side. Recorded outcomes "
                               "are never changed. Sessions without a usable trail are listed in `skipped`.")
    def get(self, request):
        query = self.query()
        params = request.query_params
        policy = params.get("policy")
        if policy is not None and policy not in set(map(str, Policy)):
            raise bad("policy", f"choose one of {', '.join(map(str, Policy))}")
        try:
            result = whatif(analytics.filter_sessions(query.filter), target_usd=_dollars(params, "target_usd"),
                            stop_usd=_dollars(params, "stop_usd"), window_sec=_seconds(params, "window_sec"),
                            policy=policy)
        except WhatIfError as exc:
            raise bad("whatif", str(exc)) from None
        return Response({"filters": echo(query.filter), **result})

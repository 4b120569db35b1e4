import logging

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from FutureTrading.api.serializers import LatestQuotesSerializer
from FutureTrading.services.live_quotes import latest_quotes
from LiveData.bus import QuoteBusUnavailable, get_bus

log = logging.getLogger(__name__)


class LatestQuotesView(APIView):
    """Latest quote, signal and TOTAL composite of every active instrument (the seed's shape)."""

    @extend_schema(responses={200: LatestQuotesSerializer})
    def get(self, request):
        try:
            return Response(latest_quotes(get_bus()))
        except QuoteBusUnavailable as exc:
            log.warning("live quotes board unavailable: %s", exc)
            return Response({"error": "quote bus unavailable"}, status=503)

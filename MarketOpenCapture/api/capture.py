"""POST /api/market-open/capture/: the manual trigger, through the same idempotent capture."""
from datetime import timedelta

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from LiveData.bus import QuoteBusUnavailable
from MarketOpenCapture.api.permissions import IsStaffOrTokenUser
from MarketOpenCapture.api.serializers import CaptureRequestSerializer, SessionDetailSerializer
from MarketOpenCapture.rules.capture import CaptureRefused
from MarketOpenCapture.services.capture import capture_open
from thor_backend.clock import now as clock_now
from timezones.models import Market
from timezones.services import opens_between

FUTURE_TOLERANCE = timedelta(seconds=5)


class CaptureView(APIView):
    permission_classes = [IsStaffOrTokenUser]

    @extend_schema(request=CaptureRequestSerializer, responses={201: SessionDetailSerializer})
    def post(self, request):
        params = CaptureRequestSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        region, at = params.validated_data["region"], params.validated_data.get("at")
        market = Market.objects.filter(key=region).first()
        if market is None:
            return Response({"region": [f"unknown region {region!r}"]}, status=status.HTTP_400_BAD_REQUEST)
        now = clock_now()
        if at is None:
            recent = opens_between(now - timedelta(days=7), now, [region])
            if not recent:
                return Response({"error": f"{region} has not opened in the last 7 days"},
                                status=status.HTTP_409_CONFLICT)
            open_at, trading_date = recent[-1].open_utc, recent[-1].trading_date
        else:
            if at > now + FUTURE_TOLERANCE:
                return Response({"at": ["cannot capture the future: quotes as of that instant do not exist yet"]},
                                status=status.HTTP_400_BAD_REQUEST)
            open_at, trading_date = at, at.astimezone(market.spec().zone).date()
        try:
            result = capture_open(region, trading_date, open_at, source="manual")
        except CaptureRefused as exc:
            return Response({"error": f"nothing captured: {exc}"}, status=status.HTTP_422_UNPROCESSABLE_ENTITY)
        except QuoteBusUnavailable as exc:
            return Response({"error": f"quote bus unavailable: {exc}"}, status=status.HTTP_503_SERVICE_UNAVAILABLE)
        body = {"created": result.created, "reason": result.reason,
                "session": SessionDetailSerializer(result.session).data}
        return Response(body, status=status.HTTP_201_CREATED if result.created else status.HTTP_200_OK)

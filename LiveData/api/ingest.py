"""POST /api/feed/quotes: the HTTP edge for feeds (Thinkorswim bridge, external feeds).

A plain Django view rather than DRF: feeds authenticate with one shared bearer
token (no user, no session, so no CSRF), and the body is read once with exact
Decimals and a 5 MB cap of its own (Django's default upload cap is 2.5 MB).
"""
import hmac
import json
import logging
from decimal import Decimal

from django.conf import settings
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from LiveData.bus import QuoteBusUnavailable
from LiveData.services.ingest import ingest
from LiveData.validation import QuoteBatchError

log = logging.getLogger(__name__)

MAX_BODY_BYTES = 5 * 1024 * 1024


@csrf_exempt
@require_POST
def post_quotes(request):
    if not _authorised(request):
        response = JsonResponse(
            {"error": "missing or wrong feed token: send 'Authorization: Bearer <THOR_FEED_TOKEN>'"}, status=401,
        )
        response["WWW-Authenticate"] = 'Bearer realm="thor-feed"'
        return response
    declared = request.META.get("CONTENT_LENGTH") or "0"
    if declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        return _too_large()
    body = request.read(MAX_BODY_BYTES + 1)
    if len(body) > MAX_BODY_BYTES:
        return _too_large()
    try:
        data = json.loads(body, parse_float=Decimal)
    except (ValueError, RecursionError) as exc:
        return JsonResponse({"error": f"malformed JSON: {exc}"}, status=400)
    items = data.get("quotes") if isinstance(data, dict) else data
    if not isinstance(items, list):
        return JsonResponse({"error": 'the body must be a JSON array of quotes or {"quotes": [...]}'}, status=400)
    try:
        accepted = ingest(items)
    except QuoteBatchError as exc:
        log.warning("rejected a batch of %d quotes from %s: %s", len(items), request.META.get("REMOTE_ADDR"), exc)
        return JsonResponse({"error": f"{len(exc.errors)} error(s); nothing was stored", "errors": exc.errors},
                            status=400)
    except QuoteBusUnavailable as exc:
        log.error("quote bus unavailable, batch of %d quotes not stored: %s", len(items), exc)
        return JsonResponse({"error": "quote bus unavailable; retry the batch"}, status=503)
    return JsonResponse({"accepted": accepted}, status=202)


def _authorised(request) -> bool:
    expected = settings.THOR_FEED_TOKEN
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if not expected or scheme.lower() != "bearer":
        return False
    return hmac.compare_digest(token.strip().encode(), expected.encode())


def _too_large() -> JsonResponse:
    return JsonResponse({"error": f"body over {MAX_BODY_BYTES} bytes (5 MB): send smaller batches"}, status=413)

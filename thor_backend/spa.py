"""The dashboard's Django side: the built single-page app and a tiny JSON login API.

Every path that is not the API, the admin or a static file gets the SPA's
index.html, so a bookmarked /futures/... link loads the app and its router
takes over. The JS and CSS are static files (whitenoise, hashed names); only
index.html goes through here, never cached, so a new build shows on reload.

Login is Django's session: the index and whoami set the CSRF cookie, and the
SPA sends it back as X-CSRFToken on every POST (Django's CSRF middleware
checks these plain views; DRF's views check it for session users).
"""
import json
from pathlib import Path

from django.conf import settings
from django.contrib.auth import authenticate, login, logout
from django.http import HttpResponse, JsonResponse
from django.urls import path, re_path
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.decorators.http import require_POST, require_safe

NOT_BUILT = "dashboard not built: run npm run build in frontend/\n"
LOGIN_SHAPE = 'send JSON {"username": "...", "password": "..."}'


def dist_dir() -> Path:
    """Where `npm run build` writes the SPA (settings.FRONTEND_DIST when set)."""
    return Path(settings.FRONTEND_DIST)


@require_safe
@never_cache
@ensure_csrf_cookie
def index(request):
    try:
        html = (dist_dir() / "index.html").read_bytes()
    except FileNotFoundError:
        return HttpResponse(NOT_BUILT, status=503, content_type="text/plain; charset=utf-8")
    return HttpResponse(html, content_type="text/html; charset=utf-8")


def _me(request) -> dict:
    user = request.user
    if not user.is_authenticated:
        return {"authenticated": False, "username": None}
    return {"authenticated": True, "username": user.get_username()}


@require_safe
@never_cache
@ensure_csrf_cookie
def whoami(request):
    return JsonResponse(_me(request))


@require_POST
@never_cache
def login_view(request):
    try:
        data = json.loads(request.body)
    except (ValueError, RecursionError):
        return JsonResponse({"error": f"malformed JSON: {LOGIN_SHAPE}"}, status=400)
    fields = [data.get(name) if isinstance(data, dict) else None for name in ("username", "password")]
    if not all(isinstance(value, str) and value for value in fields):
        return JsonResponse({"error": f"username and password are required: {LOGIN_SHAPE}"}, status=400)
    username, password = fields
    user = authenticate(request, username=username, password=password)
    if user is None:
        # 400 like DRF's obtain_auth_token: the request was understood, its credentials are wrong.
        return JsonResponse({"error": "wrong username or password"}, status=400)
    login(request, user)
    return JsonResponse(_me(request))


@require_POST
@never_cache
def logout_view(request):
    logout(request)
    return JsonResponse(_me(request))


# Included last by thor_backend.urls, so every route above it wins.
urlpatterns = [
    path("api/auth/whoami", whoami, name="auth-whoami"),
    path("api/auth/login", login_view, name="auth-login"),
    path("api/auth/logout", logout_view, name="auth-logout"),
    re_path(r"^(?!(?:api|admin|static)(?:/|$)).*$", index, name="spa"),
]

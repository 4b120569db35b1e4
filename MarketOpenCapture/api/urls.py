from django.urls import path, re_path

from MarketOpenCapture.api.analytics import HistoryView, PredictorsView, StatsView
from MarketOpenCapture.api.capture import CaptureView
from MarketOpenCapture.api.path import SessionPathView
from MarketOpenCapture.api.runs import RunsView
from MarketOpenCapture.api.sessions import (
    MissedView,
    PendingView,
    SessionDetailView,
    SessionListView,
    SessionSymbolsView,
)
from MarketOpenCapture.api.today import TodayView
from MarketOpenCapture.api.whatif import WhatIfView


def read(name: str, view, url_name: str):
    # Also without the trailing slash: the seed documents /api/market-open/today.
    return re_path(rf"^{name}/?$", view.as_view(), name=url_name)


urlpatterns = [
    path("capture/", CaptureView.as_view(), name="market-open-capture"),
    read("today", TodayView, "market-open-today"),
    read("history", HistoryView, "market-open-history"),
    read("stats", StatsView, "market-open-stats"),
    read("predictors", PredictorsView, "market-open-predictors"),
    read("whatif", WhatIfView, "market-open-whatif"),
    read("pending", PendingView, "market-open-pending"),
    read("missed", MissedView, "market-open-missed"),
    read("runs", RunsView, "market-open-runs"),
    read("sessions", SessionListView, "market-open-sessions"),
    read(r"sessions/(?P<pk>[0-9]{1,18})", SessionDetailView, "market-open-session"),
    read(r"sessions/(?P<pk>[0-9]{1,18})/symbols", SessionSymbolsView, "market-open-session-symbols"),
    read(r"sessions/(?P<pk>[0-9]{1,18})/path", SessionPathView, "market-open-session-path"),
]

from django.urls import path, re_path

from timezones.api.views import MarketsView, ScheduleView

urlpatterns = [
    path("markets/", MarketsView.as_view(), name="timezones-markets"),
    # Also without the slash: the documented URL is /api/timezones/markets/schedule?date=...
    re_path(r"^markets/schedule/?$", ScheduleView.as_view(), name="timezones-schedule"),
]

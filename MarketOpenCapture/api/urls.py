from django.urls import path

from MarketOpenCapture.api.capture import CaptureView

urlpatterns = [
    path("capture/", CaptureView.as_view(), name="market-open-capture"),
]

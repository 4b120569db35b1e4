from django.apps import AppConfig


class MarketOpenCaptureConfig(AppConfig):
    name = "MarketOpenCapture"

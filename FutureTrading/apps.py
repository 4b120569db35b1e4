from django.apps import AppConfig


class FutureTradingConfig(AppConfig):
    name = "FutureTrading"

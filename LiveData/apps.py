from django.apps import AppConfig


class LiveDataConfig(AppConfig):
    name = "LiveData"

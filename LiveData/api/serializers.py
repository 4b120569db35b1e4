"""The shape of the feed read APIs for the OpenAPI schema (and the client generated from it).

Documentation only: the views return plain dicts built by `quote_json`, so no
serializer object is made per quote. A test keeps the two in step.
"""
from rest_framework import serializers


def price(**kwargs) -> serializers.FloatField:
    return serializers.FloatField(allow_null=True, **kwargs)


def size() -> serializers.IntegerField:
    return serializers.IntegerField(allow_null=True)


# A quote's market fields, shared by the feed's quote and the futures board's row. (A comment,
# not a docstring: drf-spectacular would copy a docstring into both schemas' descriptions.)
class MarketFieldsSerializer(serializers.Serializer):
    bid = price()
    ask = price()
    last = price()
    change = price(help_text="the feed's net change vs the previous close")
    prev_close = price()
    open = price()
    high_24h = price()
    low_24h = price()
    high_52w = price()
    low_52w = price()
    vwap = price()
    bid_size = size()
    ask_size = size()
    volume = size()


class QuoteSerializer(MarketFieldsSerializer):
    symbol = serializers.CharField()
    ts = serializers.DateTimeField(help_text="the quote's timestamp (UTC)")
    source = serializers.CharField(allow_null=True)
    age_sec = serializers.FloatField(help_text="seconds since the quote's timestamp")
    stale = serializers.BooleanField(help_text="older than stale_quote_sec")


class SnapshotSerializer(serializers.Serializer):
    as_of = serializers.DateTimeField()
    stale_after_sec = serializers.IntegerField()
    quotes = QuoteSerializer(many=True, help_text="latest quote of each requested symbol that has one")
    missing = serializers.ListField(child=serializers.CharField(), help_text="requested symbols without a quote")


class QuoteBusHealthSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["redis", "database", "unknown"])
    ok = serializers.BooleanField()


class HealthSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=["ok", "degraded"])
    database = serializers.ChoiceField(choices=["ok", "error"])
    quote_bus = QuoteBusHealthSerializer()
    quotes = serializers.DictField(
        child=serializers.FloatField(allow_null=True), help_text="symbol → age of its newest quote in seconds, or null",
    )

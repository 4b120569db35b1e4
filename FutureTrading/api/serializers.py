"""The shape of the board for the OpenAPI schema (and the client generated from it).

Documentation only: the view returns the service's plain dict, so a busy
board builds no serializer objects per row. A test keeps the two in step.
"""
from rest_framework import serializers

from FutureTrading.rules.signals import Signal
from LiveData.api.serializers import MarketFieldsSerializer

SIGNALS = [signal.value for signal in Signal]


def number(**kwargs) -> serializers.FloatField:
    return serializers.FloatField(allow_null=True, **kwargs)


class InstrumentSerializer(serializers.Serializer):
    symbol = serializers.CharField()
    name = serializers.CharField()
    tick_size = serializers.FloatField()
    display_precision = serializers.IntegerField()


class ExtendedDataSerializer(serializers.Serializer):
    signal = serializers.ChoiceField(choices=SIGNALS, allow_null=True, help_text="null: no net change")
    stat_value = number(help_text="threshold of the chosen signal (0 for HOLD)")
    contract_weight = serializers.FloatField()
    signal_weight = serializers.IntegerField(allow_null=True, help_text="sign flipped for bear instruments")


class QuoteRowSerializer(MarketFieldsSerializer):
    instrument = InstrumentSerializer()
    change = number(help_text="net change vs the previous close: the feed's, else last − prev_close")
    change_percent = number()
    spread = number()
    ts = serializers.DateTimeField(allow_null=True, help_text="the quote's timestamp (UTC)")
    age_sec = number()
    stale = serializers.BooleanField(help_text="older than stale_quote_sec: shown but left out of the total")
    extended_data = ExtendedDataSerializer()


class TotalSerializer(serializers.Serializer):
    sum_weighted = serializers.FloatField()
    avg_weighted = serializers.FloatField()
    count = serializers.IntegerField(help_text="instruments counted in the composite")
    signal_weight_sum = serializers.IntegerField()
    composite_signal = serializers.ChoiceField(choices=SIGNALS)
    composite_signal_weight = serializers.IntegerField()
    as_of = serializers.DateTimeField()
    status = serializers.CharField()


class LatestQuotesSerializer(serializers.Serializer):
    rows = QuoteRowSerializer(many=True)
    total = TotalSerializer()

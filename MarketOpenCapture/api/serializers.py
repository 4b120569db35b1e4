from rest_framework import serializers

from MarketOpenCapture.models import FutureSnapshot, MarketOpenSession


class FutureSnapshotSerializer(serializers.ModelSerializer):
    class Meta:
        model = FutureSnapshot
        exclude = ["id", "session", "row_order"]


class SessionSerializer(serializers.ModelSerializer):
    day_of_week = serializers.CharField(source="day_name")
    run = serializers.SlugRelatedField(slug_field="name", read_only=True)

    class Meta:
        model = MarketOpenSession
        fields = "__all__"


class SessionDetailSerializer(SessionSerializer):
    snapshots = FutureSnapshotSerializer(many=True, read_only=True)


class CaptureRequestSerializer(serializers.Serializer):
    region = serializers.CharField()
    at = serializers.DateTimeField(required=False, help_text="capture as of this instant; default: the region's latest open")

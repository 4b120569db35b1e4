"""What the market-clock API reads from the query string and writes as JSON.

Instants are ISO UTC with milliseconds (`iso_utc`); the *_local twins are
the same instants in the market's own zone, for display.
"""
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from rest_framework import serializers

from thor_backend.formats import iso_utc
from timezones.rules.sessions import DaySession
from timezones.services import MarketNow

MAX_RANGE_DAYS = 366


class ScheduleQuery(serializers.Serializer):
    """Either ?date=YYYY-MM-DD or ?start=&end= (inclusive, at most 366 days)."""

    date = serializers.DateField(required=False, input_formats=["%Y-%m-%d"])
    start = serializers.DateField(required=False, input_formats=["%Y-%m-%d"])
    end = serializers.DateField(required=False, input_formats=["%Y-%m-%d"])

    def validate(self, attrs):
        day, start, end = attrs.get("date"), attrs.get("start"), attrs.get("end")
        if day is not None:
            if start is not None or end is not None:
                raise serializers.ValidationError({"date": "give either date or start and end, not both"})
            return {"start": day, "end": day, "single": True}
        if start is None and end is None:
            raise serializers.ValidationError({"date": "required: date=YYYY-MM-DD, or start= and end="})
        if start is None:
            raise serializers.ValidationError({"start": "required with end"})
        if end is None:
            raise serializers.ValidationError({"end": "required with start"})
        if start > end:
            raise serializers.ValidationError({"end": "must not be before start"})
        if end - start >= timedelta(days=MAX_RANGE_DAYS):
            raise serializers.ValidationError({"end": f"the range is at most {MAX_RANGE_DAYS} days"})
        return {"start": start, "end": end, "single": False}


def _local(moment: datetime | None, zone: ZoneInfo) -> str | None:
    return None if moment is None else moment.astimezone(zone).isoformat(timespec="seconds")


def session_json(session: DaySession) -> dict:
    return {
        "region": session.region,
        "trading_day": session.trading_day,
        "open_utc": iso_utc(session.open_utc),
        "close_utc": iso_utc(session.close_utc),
        "reason": session.reason,
        "calendar": session.calendar,
    }


def schedule_day_json(day: date, sessions: list[DaySession]) -> dict:
    return {"date": day.isoformat(), "markets": [session_json(session) for session in sessions]}


def market_now_json(market: MarketNow, now: datetime) -> dict:
    region, status, zone = market.region, market.status, market.region.zone
    return {
        "region": region.key,
        "display_name": region.display_name,
        "timezone": region.tz,
        "status": str(status.state),
        "local_time": _local(now, zone),
        "trading_date": market.today.trading_date.isoformat(),
        "next_open_utc": iso_utc(status.next_open),
        "next_open_local": _local(status.next_open, zone),
        "next_close_utc": iso_utc(status.next_close),
        "next_close_local": _local(status.next_close, zone),
        "seconds_to_next_event": status.seconds_to_next_event,
        "next_event": status.next_event,
        "reason": market.today.reason,
        "calendar": market.today.calendar,
    }

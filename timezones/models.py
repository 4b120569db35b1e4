"""Markets and the closure table, edited in the admin.

The calendar service reads these rows on every call, so an edit takes effect
without a restart. `key` is the region name stored on captured sessions; it
is fixed once a market exists.
"""
from django.core.exceptions import ValidationError
from django.db import models

from timezones.rules.regions import RegionSpec


def validate_calendar_code(value: str) -> None:
    # Imported here: it pulls in pandas, too slow for every process that loads the models.
    import exchange_calendars as xc

    if value and value not in xc.get_calendar_names(include_aliases=False):
        raise ValidationError(f"{value!r} is not an exchange_calendars code (e.g. XTKS)")


class Market(models.Model):
    key = models.CharField(max_length=20, unique=True, help_text="region key, e.g. Japan")
    display_name = models.CharField(max_length=50)
    timezone = models.CharField(max_length=64, help_text="IANA time zone, e.g. Asia/Tokyo")
    calendar_code = models.CharField(
        max_length=10, blank=True, validators=[validate_calendar_code],
        help_text="exchange_calendars code, e.g. XTKS; empty: weekdays minus closures")
    hours_from_calendar = models.BooleanField(
        default=True,
        help_text="open/close (early closes included) from the exchange calendar; "
                  "off: only its trading days, at the local times below (Pre_USA)")
    open_local = models.TimeField(help_text="local open; also used past the calendar's data")
    close_local = models.TimeField(help_text="local close; also used past the calendar's data")
    active = models.BooleanField(default=True, help_text="shown in the status and schedule APIs")
    capture_enabled = models.BooleanField(default=True, help_text="capture this market at its open")
    evaluation_window_sec = models.PositiveIntegerField(
        null=True, blank=True, help_text="grading window override; empty: the trading default")
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "key"]

    def __str__(self):
        return self.key

    def spec(self) -> RegionSpec:
        """The pure region the calendar works with (raises ValueError on a bad row)."""
        return RegionSpec(self.key, self.display_name, self.timezone, self.calendar_code,
                          self.open_local, self.close_local, self.hours_from_calendar)

    def clean(self):
        if self.open_local is None or self.close_local is None:
            return  # the missing field already has its error
        try:
            self.spec()
        except ValueError as exc:
            raise ValidationError(str(exc)) from None


class MarketClosure(models.Model):
    """A day the calendar library lacks or gets wrong: closed with a reason, or forced open."""

    market = models.ForeignKey(Market, on_delete=models.CASCADE, related_name="closures")
    date = models.DateField(help_text="the market's local date")
    is_trading_day = models.BooleanField(default=False, help_text="on: force a trading day")
    reason = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["date", "market__sort_order"]
        constraints = [
            models.UniqueConstraint(fields=["market", "date"], name="timezones_one_closure_per_market_day"),
        ]

    def __str__(self):
        state = "open" if self.is_trading_day else "closed"
        return f"{self.market.key} {self.date} {state}"

    def clean(self):
        if not self.is_trading_day and not self.reason.strip():
            raise ValidationError({"reason": "say why the market is closed (shown to traders)"})

"""Operator-editable configuration: instruments, signal weights, global settings.

Rows are seeded from SPEC §1 by `manage.py seed_symbol_config`; the rules
receive them as plain `InstrumentSpec` values (see services/config.py), read
on every use so an admin edit takes effect without a restart.
"""
import dataclasses
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q

from FutureTrading.rules.instruments import MAX_DISPLAY_PRECISION, InstrumentSpec, InvalidSpec, spec_errors
from FutureTrading.rules.signals import Signal
from FutureTrading.rules.symbols import alias_map

# Every InstrumentSpec field is a column of its own, except the aliases (one text column).
SPEC_FIELDS = tuple(field.name for field in dataclasses.fields(InstrumentSpec) if field.name != "aliases")


def _plain(value: Decimal) -> Decimal:
    # The database pads to decimal_places (0.03125000, 5.0000); hand the rules
    # the shortest exact value (0.03125, 5) so the prices they derive do not
    # carry eight trailing zeros into logs and exports.
    value = value.normalize()
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value


def threshold_field(help_text: str) -> models.DecimalField:
    return models.DecimalField(max_digits=18, decimal_places=8, help_text=help_text)


class SymbolConfig(models.Model):
    symbol = models.CharField(max_length=10, unique=True, help_text="Thor's symbol, e.g. YM")
    name = models.CharField(max_length=64)
    tick_size = models.DecimalField(max_digits=18, decimal_places=8, help_text="price step, e.g. 0.03125 for ZB")
    tick_value = models.DecimalField(max_digits=12, decimal_places=4, help_text="dollars per tick")
    display_precision = models.PositiveSmallIntegerField(
        validators=[MaxValueValidator(MAX_DISPLAY_PRECISION)], help_text="decimal places shown")
    strong_buy = threshold_field("net change above this → STRONG_BUY")
    buy = threshold_field("net change above this → BUY")
    sell = threshold_field("net change below this → SELL")
    strong_sell = threshold_field("net change at or below this → STRONG_SELL")
    bear = models.BooleanField(default=False, help_text="signal weight counts the other way (GC, VX, DX, ZB)")
    contract_weight = models.DecimalField(max_digits=18, decimal_places=8, help_text="weight in sum_weighted")
    take_profit_usd = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal(100))
    stop_loss_usd = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal(100))
    aliases = models.CharField(max_length=200, blank=True, help_text="feed spellings, comma-separated, e.g. /RTY, RT")
    active = models.BooleanField(default=True, help_text="shown, captured and counted in the composite")
    sort_order = models.PositiveSmallIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["sort_order", "symbol"]
        constraints = [
            models.CheckConstraint(
                condition=Q(tick_size__gt=0, tick_value__gt=0, take_profit_usd__gt=0, stop_loss_usd__gt=0),
                name="symbolconfig_positive_ticks_and_dollars",
                violation_error_message="tick size, tick value, take profit and stop loss must be greater than 0",
            ),
            models.CheckConstraint(
                condition=Q(strong_sell__lte=F("sell"), sell__lte=F("buy"), buy__lte=F("strong_buy")),
                name="symbolconfig_ordered_thresholds",
                violation_error_message="thresholds must be ordered: strong sell ≤ sell ≤ buy ≤ strong buy",
            ),
        ]

    def __str__(self):
        return f"{self.symbol} ({self.name})"

    @property
    def alias_list(self) -> tuple[str, ...]:
        return tuple(alias.strip() for alias in self.aliases.split(",") if alias.strip())

    def to_spec(self) -> InstrumentSpec:
        values = {name: getattr(self, name) for name in SPEC_FIELDS}
        for name, value in values.items():
            if isinstance(value, Decimal):
                values[name] = _plain(value)
        return InstrumentSpec(**values, aliases=self.alias_list)

    @classmethod
    def fields_of(cls, spec: InstrumentSpec) -> dict:
        """The column values of `spec` (what the seed command writes)."""
        return {**{name: getattr(spec, name) for name in SPEC_FIELDS}, "aliases": ", ".join(spec.aliases)}

    def clean(self):
        errors = spec_errors({name: getattr(self, name) for name in SPEC_FIELDS})
        if not errors:
            errors.update(self._alias_conflicts())
        if errors:
            raise ValidationError(errors)

    def _alias_conflicts(self) -> dict[str, str]:
        # A feed spelling claimed by two instruments would file quotes under the
        # wrong one, and would make every ingest batch fail: refuse it here.
        others = []
        for row in SymbolConfig.objects.exclude(pk=self.pk).exclude(symbol=self.symbol):
            try:
                others.append(row.to_spec())
            except InvalidSpec:
                continue
        try:
            alias_map([*others, self.to_spec()])
        except ValueError as exc:
            return {"aliases": str(exc)}
        return {}


class SignalWeight(models.Model):
    signal = models.CharField(max_length=12, choices=[(s.value, s.value) for s in Signal], unique=True)
    weight = models.SmallIntegerField(help_text="added to signal_weight_sum (sign flipped for bear instruments)")

    class Meta:
        ordering = ["-weight", "signal"]

    def __str__(self):
        return f"{self.signal} {self.weight:+d}"


class TradingConfig(models.Model):
    """The one row of global settings (pk 1); `load()` creates it with the defaults."""

    SINGLETON_PK = 1

    default_evaluation_window_sec = models.PositiveIntegerField(
        default=1800, validators=[MinValueValidator(1)],
        help_text="how long a trade may run before it expires (a region may override it)")
    grader_poll_interval_sec = models.DecimalField(
        max_digits=6, decimal_places=3, default=Decimal("0.5"), validators=[MinValueValidator(Decimal("0.01"))])
    stale_quote_sec = models.PositiveIntegerField(
        default=120, validators=[MinValueValidator(1)],
        help_text="a quote older than this is stale: shown, flagged, left out of the composite")
    feed_gap_sec = models.PositiveIntegerField(
        default=60, validators=[MinValueValidator(1)],
        help_text="a longer silence of the feed inside a window grades the trade as Error, not Expired")
    audit_horizon_sec = models.PositiveIntegerField(
        default=7200, validators=[MinValueValidator(1)],
        help_text="quotes of the traded symbol kept after the open (never less than the window)")
    capture_enabled = models.BooleanField(default=True)
    grading_enabled = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "trading config"
        verbose_name_plural = "trading config"
        constraints = [
            models.CheckConstraint(condition=Q(id=1), name="tradingconfig_singleton"),
            models.CheckConstraint(
                condition=Q(audit_horizon_sec__gte=F("default_evaluation_window_sec")),
                name="tradingconfig_audit_covers_window",
                violation_error_message="the audit horizon must not be shorter than the evaluation window",
            ),
        ]

    def __str__(self):
        return "Trading config"

    def save(self, *args, **kwargs):
        self.pk = self.SINGLETON_PK
        super().save(*args, **kwargs)

    @classmethod
    def load(cls) -> "TradingConfig":
        return cls.objects.get_or_create(pk=cls.SINGLETON_PK)[0]

    def clean(self):
        window, horizon = self.default_evaluation_window_sec, self.audit_horizon_sec
        if isinstance(window, int) and isinstance(horizon, int) and horizon < window:
            raise ValidationError({"audit_horizon_sec": (
                f"must be at least the evaluation window ({window} s): "
                "the audit trail has to cover every quote a trade was graded on")})

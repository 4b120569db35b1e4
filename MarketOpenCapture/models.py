"""What a market open leaves behind: one session per region and trading day,
its 12 snapshot rows (11 futures + TOTAL), and a record of every open that
could not be captured.

Captured values are facts about the open and are never edited afterwards;
only the grading fields of a session move, once, from Pending to a final
outcome.
"""
from django.db import models
from django.db.models import Q

SIGNAL_CHOICES = [(code, code) for code in ("STRONG_BUY", "BUY", "HOLD", "SELL", "STRONG_SELL")]
SIDE_CHOICES = [("BUY", "BUY"), ("SELL", "SELL")]
OUTCOME_CHOICES = [
    (name, name) for name in ("Pending", "Worked", "Didn't Work", "Expired", "No Entry", "Error")
]
WEEKDAY_CHOICES = list(enumerate(
    ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
))
TOTAL_SYMBOL = "TOTAL"


def price_field(**kwargs):
    return models.DecimalField(max_digits=18, decimal_places=8, null=True, blank=True, **kwargs)


class BacktestRun(models.Model):
    """A named replay; its sessions are kept apart from the live ones."""

    name = models.CharField(max_length=100, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    parameters = models.JSONField(default=dict, blank=True)

    def __str__(self):
        return self.name


class MarketOpenSession(models.Model):
    run = models.ForeignKey(BacktestRun, null=True, blank=True, on_delete=models.CASCADE,
                            related_name="sessions", help_text="empty for live sessions")
    region = models.CharField(max_length=20, db_index=True)
    trading_date = models.DateField(help_text="the region's local date at its open")
    day_of_week = models.PositiveSmallIntegerField(choices=WEEKDAY_CHOICES)
    open_at = models.DateTimeField(help_text="the open instant T; the snapshot is as of T")
    captured_at = models.DateTimeField(help_text="when the capture ran (may be after T)")
    capture_source = models.CharField(max_length=20, default="listener")

    composite_signal = models.CharField(max_length=12, choices=SIGNAL_CHOICES)
    signal_weight_sum = models.SmallIntegerField()
    weighted_average = models.DecimalField(max_digits=18, decimal_places=6)
    sum_weighted = models.DecimalField(max_digits=18, decimal_places=6)
    instrument_count = models.PositiveSmallIntegerField()

    ym_bid = price_field()
    ym_ask = price_field()
    ym_last = price_field()
    ym_spread = price_field()
    entry_side = models.CharField(max_length=4, choices=SIDE_CHOICES, null=True, blank=True)
    entry_price = price_field()
    target_price = price_field()
    stop_price = price_field()
    target_ticks = models.PositiveSmallIntegerField(null=True, blank=True)
    stop_ticks = models.PositiveSmallIntegerField(null=True, blank=True)
    target_usd = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    stop_usd = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    evaluation_window_sec = models.PositiveIntegerField()

    outcome = models.CharField(max_length=12, choices=OUTCOME_CHOICES, default="Pending", db_index=True)
    pnl_usd = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution_price = price_field()
    outcome_reason = models.CharField(max_length=200, blank=True)
    ambiguous = models.BooleanField(default=False, help_text="a replayed bar held both target and stop")
    grader_version = models.PositiveSmallIntegerField(null=True, blank=True)
    # Live grader bookkeeping: the chain of grading tasks that owns this
    # session and when it last looked (the sweeper re-arms a silent one).
    grader_token = models.CharField(max_length=32, blank=True)
    grader_seen_at = models.DateTimeField(null=True, blank=True)
    grading_done = models.BooleanField(default=False, db_index=True,
                                       help_text="outcome, theoretical trades and audit trail all stored")

    class Meta:
        ordering = ["-open_at", "region"]
        constraints = [
            models.UniqueConstraint(fields=["region", "trading_date"], condition=Q(run__isnull=True),
                                    name="one_live_session_per_region_and_day"),
            models.UniqueConstraint(fields=["run", "region", "trading_date"], condition=Q(run__isnull=False),
                                    name="one_run_session_per_region_and_day"),
        ]
        indexes = [
            models.Index(fields=["trading_date", "region"]),
            models.Index(fields=["open_at"]),
        ]

    def __str__(self):
        return f"{self.region} {self.trading_date} {self.composite_signal} → {self.outcome}"

    @property
    def day_name(self) -> str:
        return WEEKDAY_CHOICES[self.day_of_week][1]


class FutureSnapshot(models.Model):
    """One symbol as it stood at the open (or the TOTAL composite row)."""

    session = models.ForeignKey(MarketOpenSession, on_delete=models.CASCADE, related_name="snapshots")
    symbol = models.CharField(max_length=8)
    row_order = models.PositiveSmallIntegerField(default=0)

    quote_at = models.DateTimeField(null=True, blank=True, help_text="timestamp of the quote used (≤ T)")
    quote_age_sec = models.DecimalField(max_digits=12, decimal_places=3, null=True, blank=True)
    stale = models.BooleanField(default=False)
    excluded_reason = models.CharField(max_length=100, blank=True)

    last = price_field()
    change = price_field()
    change_percent = models.DecimalField(max_digits=12, decimal_places=4, null=True, blank=True)
    bid = price_field()
    bid_size = models.BigIntegerField(null=True, blank=True)
    ask = price_field()
    ask_size = models.BigIntegerField(null=True, blank=True)
    volume = models.BigIntegerField(null=True, blank=True)
    vwap = price_field()
    open = price_field()
    prev_close = price_field()
    high_24h = price_field()
    low_24h = price_field()
    high_52w = price_field()
    low_52w = price_field()

    spread = price_field()
    open_vs_prev = price_field()
    open_vs_prev_percent = models.DecimalField(max_digits=12, decimal_places=4, null=True, blank=True)
    range_24h = price_field()
    range_24h_percent = models.DecimalField(max_digits=12, decimal_places=4, null=True, blank=True)
    range_52w = price_field()
    position_in_52w_percent = models.DecimalField(max_digits=12, decimal_places=4, null=True, blank=True)

    signal = models.CharField(max_length=12, choices=SIGNAL_CHOICES, blank=True)
    signal_weight = models.SmallIntegerField(null=True, blank=True)
    stat_value = price_field()
    contract_weight = price_field()
    tick_size = price_field()
    tick_value = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)

    # TOTAL row only.
    signal_weight_sum = models.SmallIntegerField(null=True, blank=True)
    weighted_average = models.DecimalField(max_digits=18, decimal_places=6, null=True, blank=True)
    sum_weighted = models.DecimalField(max_digits=18, decimal_places=6, null=True, blank=True)
    instrument_count = models.PositiveSmallIntegerField(null=True, blank=True)
    status = models.CharField(max_length=20, blank=True)

    # Theoretical trade of this symbol in the composite's direction (not TOTAL).
    trade_side = models.CharField(max_length=4, choices=SIDE_CHOICES, null=True, blank=True)
    trade_entry = price_field()
    trade_target = price_field()
    trade_stop = price_field()
    trade_target_ticks = models.PositiveSmallIntegerField(null=True, blank=True)
    trade_stop_ticks = models.PositiveSmallIntegerField(null=True, blank=True)
    trade_target_usd = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    trade_stop_usd = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    trade_outcome = models.CharField(max_length=12, choices=OUTCOME_CHOICES, blank=True)
    trade_pnl_usd = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    trade_resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["session", "row_order"]
        constraints = [
            models.UniqueConstraint(fields=["session", "symbol"], name="one_snapshot_per_symbol"),
        ]
        # Predictor tallies read (session, symbol, signal) from the index alone.
        indexes = [models.Index(fields=["session", "symbol", "signal"], name="snapshot_session_symbol_signal")]

    def __str__(self):
        return f"{self.session_id}:{self.symbol}"


class AuditTrail(models.Model):
    """The traded symbol's quotes from T to T + audit horizon, kept compactly.

    Kept after the trade resolved, so any session can be re-graded, checked,
    or asked what-if questions with wider brackets or longer windows.
    """

    session = models.OneToOneField(MarketOpenSession, on_delete=models.CASCADE, related_name="audit")
    symbol = models.CharField(max_length=8)
    start_ms = models.BigIntegerField(help_text="exclusive: the open instant")
    end_ms = models.BigIntegerField(help_text="inclusive")
    quote_count = models.PositiveIntegerField()
    data = models.BinaryField(help_text="compressed ts / bid / ask arrays (see services/audit.py)")
    touch_index = models.BinaryField(null=True, blank=True,
                                     help_text="first-touch index of the quotes, for what-if (rules/touch_index.py)")

    def __str__(self):
        return f"audit of session {self.session_id}: {self.quote_count} {self.symbol} quotes"


class MissedCapture(models.Model):
    """An open that produced no session, and why; shown on the dashboard."""

    run = models.ForeignKey(BacktestRun, null=True, blank=True, on_delete=models.CASCADE)
    region = models.CharField(max_length=20)
    trading_date = models.DateField()
    open_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-open_at"]
        constraints = [
            models.UniqueConstraint(fields=["region", "open_at"], condition=Q(run__isnull=True),
                                    name="one_live_miss_per_open"),
        ]

    def __str__(self):
        return f"missed {self.region} {self.open_at:%Y-%m-%d %H:%M}Z: {self.error[:60]}"


class ClockState(models.Model):
    """Since when the market clock has been watching.

    Opens after `started_at` that have neither a session nor a MissedCapture
    were slept through (worker or listener down): the clock catches them up.
    Opens before Thor was first started are never claimed as missed.
    """

    name = models.CharField(max_length=40, unique=True)
    started_at = models.DateTimeField()

    def __str__(self):
        return f"{self.name} watching since {self.started_at:%Y-%m-%d %H:%M:%S}Z"


class OpenClaim(models.Model):
    """The lock on one open: whoever holds an unexpired lease fires its capture.

    Two beats, two listeners or a beat and a late catch-up never fire the same
    open together; a claimer that died lets its lease run out and the next
    tick fires the open again (capture itself is idempotent besides).
    """

    region = models.CharField(max_length=20)
    open_at = models.DateTimeField()
    lease_until = models.DateTimeField()
    fired = models.PositiveSmallIntegerField(default=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["region", "open_at"], name="one_claim_per_open"),
        ]

    def __str__(self):
        return f"{self.region} {self.open_at:%Y-%m-%d %H:%M}Z (lease until {self.lease_until:%H:%M:%S}Z)"

"""The shapes of the history, stats, predictors, what-if, session-list and runs answers, for the OpenAPI schema.

The views build their JSON with plain functions (fast over thousands of
sessions, see serializers.py); these serializers only document it, so the
dashboard's generated types follow the API instead of being written by hand.
"""
from rest_framework import serializers

from MarketOpenCapture.api.serializers import FutureSnapshotSerializer
from MarketOpenCapture.models import OUTCOME_CHOICES, SIDE_CHOICES, SIGNAL_CHOICES


def _number(**options):
    return serializers.FloatField(allow_null=options.pop("null", False), **options)


class AppliedFilters(serializers.Serializer):
    region = serializers.ListField(child=serializers.CharField())
    day_of_week = serializers.ListField(child=serializers.CharField())
    start_date = serializers.DateField(allow_null=True)
    end_date = serializers.DateField(allow_null=True)
    outcome = serializers.ListField(child=serializers.ChoiceField(choices=OUTCOME_CHOICES))
    signal = serializers.ListField(child=serializers.ChoiceField(choices=SIGNAL_CHOICES))
    run = serializers.CharField(allow_null=True)


class Composite(serializers.Serializer):
    signal = serializers.ChoiceField(choices=SIGNAL_CHOICES)
    signal_weight_sum = serializers.IntegerField()
    weighted_average = _number()
    instrument_count = serializers.IntegerField()


class YmEntry(serializers.Serializer):
    side = serializers.ChoiceField(choices=SIDE_CHOICES)
    price = _number()
    target = _number()
    stop = _number()
    spread = _number(null=True)


class SessionRow(serializers.Serializer):
    """serializers.session_json"""

    id = serializers.IntegerField()
    region = serializers.CharField()
    trading_date = serializers.DateField()
    day_of_week = serializers.CharField()
    opened_at = serializers.CharField(help_text="the open instant in the region's zone, with its offset")
    composite = Composite()
    ym_entry = YmEntry(allow_null=True, help_text="null: No Entry (HOLD)")
    outcome = serializers.ChoiceField(choices=OUTCOME_CHOICES)
    outcome_reason = serializers.CharField()
    pnl_usd = _number(null=True)
    resolved_at = serializers.CharField(allow_null=True, help_text="in the region's zone, with its offset")
    elapsed_sec = _number(help_text="open → resolution; while Pending, open → now")
    ambiguous = serializers.BooleanField()
    run = serializers.CharField(allow_null=True)


class Page(serializers.Serializer):
    count = serializers.IntegerField()
    page = serializers.IntegerField()
    page_size = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)


class MissedRow(serializers.Serializer):
    """serializers.missed_json: an open that produced no session, and why."""

    id = serializers.IntegerField()
    region = serializers.CharField()
    trading_date = serializers.DateField()
    open_at = serializers.DateTimeField(help_text="the open instant, ISO-8601 UTC")
    opened_at = serializers.CharField(help_text="the open instant in the region's zone, with its offset")
    attempts = serializers.IntegerField(help_text="captures tried before giving up")
    error = serializers.CharField(help_text="why the last attempt failed")


class MissedRecord(MissedRow):
    """serializers.missed_record_json"""

    created_at = serializers.DateTimeField(help_text="when the miss was recorded")
    run = serializers.CharField(allow_null=True, help_text="the backtest run; null for a live open")


class MissedList(Page):
    results = MissedRecord(many=True)


class SessionList(Page):
    filters = AppliedFilters()
    results = SessionRow(many=True)


class WhatIfSummary(serializers.Serializer):
    """rules.stats.Summary"""

    total_sessions = serializers.IntegerField()
    entries_made = serializers.IntegerField()
    worked = serializers.IntegerField()
    didnt_work = serializers.IntegerField()
    expired = serializers.IntegerField()
    no_entry = serializers.IntegerField()
    errors = serializers.IntegerField()
    pending = serializers.IntegerField()
    hit_rate = _number(null=True)
    hit_rate_low = _number(null=True)
    hit_rate_high = _number(null=True)
    expected_value = _number(null=True)
    total_pnl = _number()
    ambiguous = serializers.IntegerField()
    ambiguity_rate = _number(null=True)


class Figures(WhatIfSummary):
    """serializers.figures_json: one group's counts, hit rate with its 95% Wilson interval, EV and P&L."""

    n = serializers.IntegerField(help_text="decided trades (Worked + Didn't Work): the hit rate's sample")
    expected_value = _number(null=True, help_text="dollars per entry")
    avg_resolution_time_sec = _number(null=True)
    shared_trades_merged = serializers.IntegerField()


class PooledFigures(Figures):
    pooled = serializers.BooleanField()


class HistoryFigures(PooledFigures):
    best_region = serializers.CharField(allow_null=True)
    best_day = serializers.CharField(allow_null=True)
    best_by = serializers.CharField()
    min_sample = serializers.IntegerField()


class Insight(serializers.Serializer):
    symbol = serializers.CharField()
    signal = serializers.ChoiceField(choices=SIGNAL_CHOICES)
    ym_worked_rate = _number()
    sample_size = serializers.IntegerField()
    hit_rate_low = _number()
    hit_rate_high = _number()
    lift = _number()
    text = serializers.CharField()


class History(Page):
    filters = AppliedFilters()
    sessions = SessionRow(many=True)
    analytics = HistoryFigures()
    correlation_insights = Insight(many=True)


class BreakdownRow(Figures):
    key = serializers.CharField(help_text="the region, weekday, signal or month (YYYY-MM)")


class Breakdowns(serializers.Serializer):
    region = BreakdownRow(many=True)
    weekday = BreakdownRow(many=True)
    signal = BreakdownRow(many=True)
    month = BreakdownRow(many=True)


class EquityPoint(serializers.Serializer):
    date = serializers.DateField()
    pnl_usd = _number()
    cumulative_pnl = _number()
    drawdown = _number(help_text="how far the cumulative P&L is below its highest close so far (0 or more)")


class Stats(serializers.Serializer):
    filters = AppliedFilters()
    summary = PooledFigures()
    breakdowns = Breakdowns()
    equity = EquityPoint(many=True)
    max_drawdown = _number(help_text="the largest drawdown (0 or more)")


class Baseline(serializers.Serializer):
    pooled = serializers.BooleanField()
    hit_rate = _number(null=True)
    hit_rate_low = _number(null=True)
    hit_rate_high = _number(null=True)
    n = serializers.IntegerField()
    shared_trades_merged = serializers.IntegerField()


class PredictorRow(serializers.Serializer):
    symbol = serializers.CharField()
    signal = serializers.ChoiceField(choices=SIGNAL_CHOICES)
    n = serializers.IntegerField()
    worked = serializers.IntegerField()
    hit_rate = _number()
    hit_rate_low = _number()
    hit_rate_high = _number()
    lift = _number(help_text="hit rate minus the baseline's")


class Predictors(serializers.Serializer):
    filters = AppliedFilters()
    baseline = Baseline()
    min_sample = serializers.IntegerField()
    note = serializers.CharField()
    rows = PredictorRow(many=True)


class SkippedSession(serializers.Serializer):
    session = serializers.IntegerField()
    region = serializers.CharField()
    trading_date = serializers.DateField()
    reason = serializers.CharField()


class WhatIfParameters(serializers.Serializer):
    target_usd = _number(null=True)
    stop_usd = _number(null=True)
    window_sec = serializers.IntegerField(allow_null=True)
    policy = serializers.CharField(allow_null=True)


class WhatIf(serializers.Serializer):
    filters = AppliedFilters()
    recorded = WhatIfSummary()
    whatif = WhatIfSummary()
    sessions = serializers.IntegerField(help_text="sessions graded on both sides")
    skipped = SkippedSession(many=True)
    parameters = WhatIfParameters()
    pooled = serializers.CharField()


class SessionSymbols(serializers.Serializer):
    session = serializers.IntegerField()
    region = serializers.CharField()
    trading_date = serializers.DateField()
    symbols = FutureSnapshotSerializer(many=True)


class Run(serializers.Serializer):
    name = serializers.CharField()
    created_at = serializers.DateTimeField()
    sessions = serializers.IntegerField()
    first_date = serializers.DateField(allow_null=True)
    last_date = serializers.DateField(allow_null=True)


class Runs(serializers.Serializer):
    results = Run(many=True)

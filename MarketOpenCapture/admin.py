"""Admin: captured sessions are read-only facts; only the operator's view of them is configurable."""
from django.contrib import admin

from MarketOpenCapture.models import BacktestRun, FutureSnapshot, MarketOpenSession, MissedCapture


class ReadOnlyAdmin(admin.ModelAdmin):
    """Captured values are never edited by hand: a changed price would silently change a statistic."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class FutureSnapshotInline(admin.TabularInline):
    model = FutureSnapshot
    can_delete = False
    extra = 0
    fields = ["symbol", "quote_at", "stale", "bid", "ask", "last", "change", "spread", "signal",
              "signal_weight", "stat_value", "trade_side", "trade_entry", "trade_target", "trade_stop",
              "trade_outcome"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(MarketOpenSession)
class MarketOpenSessionAdmin(ReadOnlyAdmin):
    list_display = ["trading_date", "region", "open_at", "composite_signal", "signal_weight_sum",
                    "entry_side", "entry_price", "outcome", "pnl_usd", "resolved_at", "run"]
    list_filter = ["region", "composite_signal", "outcome", "trading_date", "run"]
    date_hierarchy = "trading_date"
    inlines = [FutureSnapshotInline]


@admin.register(MissedCapture)
class MissedCaptureAdmin(ReadOnlyAdmin):
    list_display = ["open_at", "region", "trading_date", "attempts", "error", "run"]
    list_filter = ["region"]


@admin.register(BacktestRun)
class BacktestRunAdmin(admin.ModelAdmin):
    list_display = ["name", "created_at"]
    readonly_fields = ["created_at", "parameters"]

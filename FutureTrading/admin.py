from django.contrib import admin

from FutureTrading.models import SignalWeight, SymbolConfig, TradingConfig


@admin.register(SymbolConfig)
class SymbolConfigAdmin(admin.ModelAdmin):
    list_display = (
        "symbol", "name", "active", "sort_order", "tick_size", "tick_value", "strong_buy", "buy", "sell",
        "strong_sell", "bear", "contract_weight", "take_profit_usd", "stop_loss_usd", "aliases",
    )
    list_editable = ("active", "sort_order")
    list_filter = ("active", "bear")
    search_fields = ("symbol", "name", "aliases")
    readonly_fields = ("updated_at",)
    fieldsets = (
        (None, {"fields": ("symbol", "name", "active", "sort_order", "aliases", "updated_at")}),
        ("Ticks", {"fields": ("tick_size", "tick_value", "display_precision")}),
        ("Classification (net change vs previous close)", {
            "fields": ("strong_buy", "buy", "sell", "strong_sell", "bear", "contract_weight"),
        }),
        ("Bracket", {"fields": ("take_profit_usd", "stop_loss_usd")}),
    )


@admin.register(SignalWeight)
class SignalWeightAdmin(admin.ModelAdmin):
    list_display = ("signal", "weight")
    list_editable = ("weight",)


@admin.register(TradingConfig)
class TradingConfigAdmin(admin.ModelAdmin):
    list_display = (
        "__str__", "default_evaluation_window_sec", "stale_quote_sec", "feed_gap_sec", "audit_horizon_sec",
        "grader_poll_interval_sec", "capture_enabled", "grading_enabled", "updated_at",
    )
    readonly_fields = ("updated_at",)

    def has_add_permission(self, request):
        # One row of settings: it is created by the seed command or on first use.
        return not TradingConfig.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

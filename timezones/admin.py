from django.contrib import admin

from timezones.models import Market, MarketClosure


class MarketClosureInline(admin.TabularInline):
    model = MarketClosure
    extra = 0
    ordering = ["-date"]


@admin.register(Market)
class MarketAdmin(admin.ModelAdmin):
    list_display = ["key", "display_name", "timezone", "calendar_code", "hours_from_calendar",
                    "open_local", "close_local", "active", "capture_enabled", "evaluation_window_sec",
                    "sort_order"]
    list_editable = ["active", "capture_enabled", "evaluation_window_sec", "sort_order"]
    inlines = [MarketClosureInline]

    def get_readonly_fields(self, request, obj=None):
        # Captured sessions store the key: renaming it would orphan them.
        return ["key"] if obj is not None else []


@admin.register(MarketClosure)
class MarketClosureAdmin(admin.ModelAdmin):
    list_display = ["date", "market", "is_trading_day", "reason"]
    list_filter = ["market", "is_trading_day"]
    date_hierarchy = "date"
    search_fields = ["reason"]

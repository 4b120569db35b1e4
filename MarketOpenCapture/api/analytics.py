"""What sessions add up to: history with analytics, stats breakdowns and predictors (SPEC §6)."""
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from MarketOpenCapture.api import analytics_serializers as shapes
from MarketOpenCapture.api.base import ReadView
from MarketOpenCapture.api.query import FILTERS, PAGING, SORTING, documented, echo
from MarketOpenCapture.api.serializers import figures_json, insight_json, pooled_json, predictor_values
from MarketOpenCapture.api.sessions import session_page, sorted_sessions
from MarketOpenCapture.api.tables import equity_table, figures_table, predictor_rows_table, session_table
from MarketOpenCapture.services import analytics
from thor_backend.clock import now as clock_now
from thor_backend.formats import price_number


class HistoryView(ReadView):
    parameters = (*FILTERS, *PAGING, *SORTING, "min_sample")
    export_name = "thor-history"

    @extend_schema(parameters=documented(parameters), responses={200: shapes.History}, description=(
        "Sessions matching the filters (paginated) with their analytics: hit rate and its 95% Wilson "
        "interval, expected value, average time to resolution, best region and day (by expected value, "
        "at least `min_sample` trades) and correlation insights. Figures over several regions pool a "
        "trade that regions opening together share. Exports hold the session rows."))
    def get(self, request):
        query = self.query()
        sessions = analytics.filter_sessions(query.filter)
        if self.exporting:
            return Response([session_table(sorted_sessions(sessions, query), clock_now())])
        result = analytics.history_analytics(query.filter, query.min_sample)
        page = session_page(self, sessions, query, count=result.figures.summary.total_sessions)
        return Response({
            "filters": echo(query.filter),
            **{key: page[key] for key in ("count", "page", "page_size", "next", "previous")},
            "sessions": page["results"],
            "analytics": {
                **pooled_json(result.figures),
                "best_region": result.best_region,
                "best_day": result.best_day,
                "best_by": analytics.BEST_METRIC,
                "min_sample": query.min_sample,
            },
            "correlation_insights": [insight_json(row) for row in result.insights],
        })


class StatsView(ReadView):
    parameters = FILTERS
    export_name = "thor-stats"

    @extend_schema(parameters=documented(parameters), responses={200: shapes.Stats}, description=(
        "Breakdowns by region, weekday, composite signal and month (n, hit rate with its 95% Wilson "
        "interval, EV, total P&L), and the pooled equity curve: one point per trading day with the day's "
        "P&L, the cumulative P&L and the drawdown from the highest close before it. A region's figures "
        "count a shared London/Amsterdam trade in each region; every other figure counts it once. "
        "CSV: the breakdown rows; Excel: sheets `breakdowns` and `equity`."))
    def get(self, request):
        query = self.query()
        result = analytics.stats(query.filter)
        if self.exporting:
            return Response([figures_table("breakdowns", result.breakdowns), equity_table(result.equity)])
        return Response({
            "filters": echo(query.filter),
            "summary": pooled_json(result.figures),
            "breakdowns": {
                name: [{"key": key, **figures_json(members[key])} for key in members]
                for name, members in result.breakdowns.items()
            },
            "equity": [{
                "date": point.day.isoformat(),
                "pnl_usd": price_number(point.pnl),
                "cumulative_pnl": price_number(point.cumulative),
                "drawdown": price_number(point.drawdown),
            } for point in result.equity],
            "max_drawdown": price_number(result.max_drawdown),
        })


class PredictorsView(ReadView):
    parameters = (*FILTERS, "min_sample")
    export_name = "thor-predictors"

    @extend_schema(parameters=documented(parameters), responses={200: shapes.Predictors}, description=(
        "For each symbol × its signal at the open: the YM hit rate, n, 95% Wilson interval and lift over "
        "the baseline (the hit rate of all decided trades), highest lift first, rows with at least "
        "`min_sample` decided trades. Shared trades count once."))
    def get(self, request):
        query = self.query()
        result = analytics.predictors(query.filter, query.min_sample)
        if self.exporting:
            return Response([predictor_rows_table(result.rows)])
        baseline = result.baseline
        return Response({
            "filters": echo(query.filter),
            "baseline": {
                "pooled": True,
                "hit_rate": baseline.summary.hit_rate,
                "hit_rate_low": baseline.summary.hit_rate_low,
                "hit_rate_high": baseline.summary.hit_rate_high,
                "n": baseline.decided,
                "shared_trades_merged": baseline.shared_trades_merged,
            },
            "min_sample": query.min_sample,
            "note": analytics.MANY_COMPARISONS_NOTE,
            "rows": [predictor_values(row) for row in result.rows],
        })

"""What every read endpoint shares: validated parameters, JSON or an export, pages."""
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.utils.urls import replace_query_param
from rest_framework.views import APIView

from MarketOpenCapture.api.export import CSVRenderer, ExportNegotiation, TableRenderer, XLSXRenderer
from MarketOpenCapture.api.query import Query, read_query


class ReadView(APIView):
    """A GET endpoint; `parameters` names the query parameters it takes."""

    renderer_classes = [JSONRenderer, BrowsableAPIRenderer, CSVRenderer, XLSXRenderer]
    content_negotiation_class = ExportNegotiation
    parameters: tuple[str, ...] = ()
    export_name = "thor-export"

    @property
    def exporting(self) -> bool:
        return isinstance(getattr(self.request, "accepted_renderer", None), TableRenderer)

    def query(self) -> Query:
        return read_query(self.request.query_params, self.parameters)

    def handle_exception(self, exc):
        # Errors are always JSON: a spreadsheet of an error message helps nobody.
        response = super().handle_exception(exc)
        if self.exporting:
            self.request.accepted_renderer = JSONRenderer()
            self.request.accepted_media_type = JSONRenderer.media_type
        return response


def page_of(request, rows, query: Query, count: int | None = None) -> dict:
    """One page of `rows` (a queryset) with its count (pass it when known) and
    links; a page past the end is empty rather than an error."""
    count = rows.count() if count is None else count
    start = (query.page - 1) * query.page_size
    url = request.build_absolute_uri()
    has_next = start + query.page_size < count
    return {
        "count": count,
        "page": query.page,
        "page_size": query.page_size,
        "next": replace_query_param(url, "page", query.page + 1) if has_next else None,
        "previous": replace_query_param(url, "page", query.page - 1) if query.page > 1 else None,
        "rows": rows[start:start + query.page_size],
    }

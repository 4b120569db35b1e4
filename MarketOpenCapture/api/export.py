"""CSV and Excel answers of the read endpoints (`?format=csv`, `?format=xlsx`).

An exporting view answers with Tables of typed values (dates, datetimes,
Decimals, ints, bools), built from the data rather than from its JSON, so
Excel and Power Query read dates as dates and numbers as numbers. A CSV
holds the first table; a workbook holds one sheet per table. Instants are
written in UTC without an offset (Excel has no time zones), as the `_utc`
column names say.
"""
import csv
import io
from dataclasses import dataclass
from datetime import date, datetime, timezone
from decimal import Decimal

from django.http import Http404
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from rest_framework.exceptions import ValidationError
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import BaseRenderer

DATETIME_FORMAT = "yyyy-mm-dd hh:mm:ss"
DATE_FORMAT = "yyyy-mm-dd"


@dataclass(frozen=True)
class Table:
    name: str  # the sheet's name
    columns: tuple[str, ...]
    rows: list[tuple]


def naive_utc(moment: datetime) -> datetime:
    return moment.astimezone(timezone.utc).replace(tzinfo=None)


def csv_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")  # 47388.00000000 → 47388, never 4.7388E+4
    if isinstance(value, datetime):
        utc = naive_utc(value)
        return utc.isoformat(sep=" ", timespec="milliseconds" if utc.microsecond else "seconds")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


class TableRenderer(BaseRenderer):
    extension = ""

    def attach(self, renderer_context):
        """Name the download after the view (e.g. thor-history.csv)."""
        response, view = (renderer_context or {}).get("response"), (renderer_context or {}).get("view")
        if response is not None and view is not None:
            name = getattr(view, "export_name", "thor-export")
            response["Content-Disposition"] = f'attachment; filename="{name}.{self.extension}"'


class CSVRenderer(TableRenderer):
    media_type = "text/csv"
    format = extension = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        self.attach(renderer_context)
        table = data[0]
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(table.columns)
        writer.writerows([csv_text(value) for value in row] for row in table.rows)
        # The byte-order mark makes Excel read the file as UTF-8.
        return ("\ufeff" + out.getvalue()).encode("utf-8")


class XLSXRenderer(TableRenderer):
    media_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    format = extension = "xlsx"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        self.attach(renderer_context)
        book = Workbook(write_only=True)
        for table in data:
            sheet = book.create_sheet(table.name[:31])
            sheet.freeze_panes = "A2"
            sheet.append(table.columns)
            for row in table.rows:
                sheet.append([self.cell(sheet, value) for value in row])
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()

    @staticmethod
    def cell(sheet, value):
        if isinstance(value, datetime):
            cell = WriteOnlyCell(sheet, naive_utc(value))
            cell.number_format = DATETIME_FORMAT
            return cell
        if isinstance(value, date):
            cell = WriteOnlyCell(sheet, value)
            cell.number_format = DATE_FORMAT
            return cell
        return value


EXPORT_FORMATS = (CSVRenderer.format, XLSXRenderer.format)


class ExportNegotiation(DefaultContentNegotiation):
    """An unknown `?format=` is a bad parameter (400 naming it), not a missing page (404)."""

    def select_renderer(self, request, renderers, format_suffix=None):
        try:
            return super().select_renderer(request, renderers, format_suffix)
        except Http404:
            formats = ", ".join(renderer.format for renderer in renderers)
            raise ValidationError({"format": [f"unknown format; choose from {formats}"]}) from None

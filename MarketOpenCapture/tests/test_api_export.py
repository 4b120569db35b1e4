"""?format=csv and ?format=xlsx: typed tables that Excel and Power Query read as they are."""
import csv
import io
from datetime import date, datetime, timezone

import pytest
from openpyxl import load_workbook

from MarketOpenCapture.models import MissedCapture
from MarketOpenCapture.tests.factories import make_many, make_session, reader

pytestmark = [pytest.mark.embedded, pytest.mark.django_db]

BASE = "/api/market-open"
W, D, E = "Worked", "Didn't Work", "Expired"


@pytest.fixture
def api(django_user_model, settings):
    settings.THOR_CLOCK_NOW = datetime(2026, 1, 9, 12, 0, tzinfo=timezone.utc)
    return reader(django_user_model)


@pytest.fixture
def sessions():
    make_many("Japan", "2026-01-05", [W, W, D, E], symbols={"ES": "STRONG_BUY"})
    make_many("London", "2026-01-05", [W, D])
    make_many("EuroNext", "2026-01-05", [W, D])


def read_csv(response) -> list[dict]:
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def read_xlsx(response) -> dict[str, list[dict]]:
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    book = load_workbook(io.BytesIO(response.content))
    sheets = {}
    for sheet in book.worksheets:
        header, *rows = sheet.iter_rows(values_only=True)
        sheets[sheet.title] = [dict(zip(header, row)) for row in rows]
    return sheets


def test_history_csv_holds_every_matching_session_like_the_json(api, sessions):
    body = api.get(f"{BASE}/history/", {"page_size": 3}).json()
    rows = read_csv(api.get(f"{BASE}/history/", {"page_size": 3, "format": "csv"}))
    assert len(rows) == body["count"] == 8  # every row, not one page
    by_id = {int(row["id"]): row for row in rows}
    for session in body["sessions"]:
        row = by_id[session["id"]]
        assert (row["region"], row["trading_date"], row["outcome"]) == (
            session["region"], session["trading_date"], session["outcome"])
        assert float(row["pnl_usd"]) == session["pnl_usd"]
        assert float(row["ym_entry"]) == session["ym_entry"]["price"]
    japan_first = next(row for row in rows if row["region"] == "Japan" and row["trading_date"] == "2026-01-05")
    assert japan_first["open_at_utc"] == "2026-01-05 00:00:00"  # 09:00 in Tokyo
    assert japan_first["ym_target"] == "47408" and japan_first["ambiguous"] == "FALSE"


def test_history_xlsx_has_real_dates_and_numbers(api, sessions):
    rows = read_xlsx(api.get(f"{BASE}/history/", {"format": "xlsx", "region": "Japan"}))["sessions"]
    assert len(rows) == 4
    first = min(rows, key=lambda row: row["id"])
    assert first["trading_date"].date() == date(2026, 1, 5)  # a date cell, not text
    assert first["open_at_utc"] == datetime(2026, 1, 5, 0, 0)
    assert first["pnl_usd"] == 100 and isinstance(first["pnl_usd"], int | float)
    assert first["signal_weight_sum"] == 4 and first["ambiguous"] is False
    assert first["day_of_week"] == "Monday" and first["outcome"] == "Worked"


def test_an_export_is_a_named_download(api, sessions):
    response = api.get(f"{BASE}/stats/", {"format": "csv"})
    assert response["Content-Disposition"] == 'attachment; filename="thor-stats.csv"'


def test_stats_export_one_row_per_breakdown_row(api, sessions):
    body = api.get(f"{BASE}/stats/").json()
    rows = read_csv(api.get(f"{BASE}/stats/", {"format": "csv"}))
    expected = [(name, row["key"], row["entries_made"], row["total_pnl"])
                for name, members in body["breakdowns"].items() for row in members]
    got = [(row["breakdown"], row["key"], int(row["entries_made"]), float(row["total_pnl"])) for row in rows]
    assert got == expected
    sheets = read_xlsx(api.get(f"{BASE}/stats/", {"format": "xlsx"}))
    assert set(sheets) == {"breakdowns", "equity"}
    london = next(row for row in sheets["breakdowns"] if row["key"] == "London")
    assert london["hit_rate"] == 0.5 and london["n"] == 2
    assert [(row["date"].date().isoformat(), row["cumulative_pnl"]) for row in sheets["equity"]] == [
        (point["date"], point["cumulative_pnl"]) for point in body["equity"]]


def test_predictors_export_matches_the_json(api, sessions):
    body = api.get(f"{BASE}/predictors/", {"min_sample": 1}).json()
    rows = read_csv(api.get(f"{BASE}/predictors/", {"min_sample": 1, "format": "csv"}))
    assert [(row["symbol"], row["signal"], int(row["n"]), float(row["hit_rate"])) for row in rows] == [
        (row["symbol"], row["signal"], row["n"], pytest.approx(row["hit_rate"])) for row in body["rows"]]


@pytest.mark.parametrize("path, count", [
    ("today/", 0),      # the clock says 9 January: nothing opened that day
    ("sessions/", 8),
    ("pending/", 0),
    ("missed/", 1),
])
def test_every_list_exports(api, sessions, path, count):
    MissedCapture.objects.create(region="China", trading_date="2026-01-06", attempts=3, error="feed down",
                                 open_at=datetime(2026, 1, 6, 1, 30, tzinfo=timezone.utc))
    assert len(read_csv(api.get(f"{BASE}/{path}", {"format": "csv"}))) == count
    assert len(next(iter(read_xlsx(api.get(f"{BASE}/{path}", {"format": "xlsx"})).values()))) == count


def test_a_sessions_symbols_export(api):
    session = make_session("Japan", "2026-01-05", "BUY", W, symbols={"ES": "STRONG_BUY"})
    rows = read_xlsx(api.get(f"{BASE}/sessions/{session.id}/symbols/", {"format": "xlsx"}))["symbols"]
    assert [row["symbol"] for row in rows][:2] == ["YM", "ES"] and len(rows) == 11
    assert rows[1]["signal"] == "STRONG_BUY" and rows[1]["bid"] == 101 and rows[1]["session_id"] == session.id


@pytest.mark.parametrize("params, field", [
    ({"format": "pdf"}, "format"),
    ({"format": "csv", "region": "Atlantis"}, "region"),
    ({"format": "xlsx", "start_date": "soon"}, "start_date"),
])
def test_a_bad_export_request_answers_json_400(api, params, field):
    response = api.get(f"{BASE}/history/", params)
    assert response.status_code == 400 and response["Content-Type"] == "application/json"
    assert field in response.json()

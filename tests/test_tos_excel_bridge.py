"""The Thinkorswim Excel bridge: a TOS RTD layout read from a real .xlsx, posted to the real ingest endpoint."""
import json
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import openpyxl
import pytest
from django.conf import settings

from LiveData.bus import get_bus
from LiveData.quotes import to_ms
from tools import tos_excel_bridge as bridge

pytestmark = pytest.mark.embedded

SCRIPT = Path(bridge.__file__)
TOKYO = timezone(timedelta(hours=9))
READ_AT = datetime(2026, 11, 27, 9, 0, 0, 250_000, tzinfo=TOKYO)  # a Tokyo open, as the trader's PC saw it
SYMBOLS = ["YM", "ES", "NQ", "RTY", "CL", "SI", "HG", "GC", "VX", "DX", "ZB"]

HEADER = ["Symbol", "Close", "Open", "NetChange", "24High", "24Low", "52WkHigh", "52WkLow",
          "Volume", "Bid", "Last", "Ask", "BidSize", "AskSize"]
ROWS = [
    # Thousands separators, as TOS shows the Dow.
    ["/YM:XCBT", "47,909", 46874, -522, "47,506", "46,801", "48,431", "36,623",
     87927, "47,380", "47,387", "47,388", 2, 2],
    ["/ES:XCME", 6885.5, 6840.25, -20.25, 6890, 6830.5, 6920.75, 4832, 1250000, 6865, 6865.25, 6865.25, 25, 31],
    ["/NQ:XCME", 25300.5, 25105, -195.75, 25340, 25050.25, 26399, 16460, 512000, 25104.5, 25104.75, 25104.75, 3, 4],
    ["/RTY:XCME", 2460.3, 2449.9, -10.5, 2462, 2440.1, 2552.3, 1732.9, 150233, 2449.7, 2449.8, 2449.8, 6, 5],
    ["/CL:XNYM", 62.35, 61.98, -0.41, 62.5, 61.8, 80.77, 55.12, 301234, 61.93, 61.94, 61.95, 8, 11],
    [None] * 14,  # a blank row inside the range
    ["/SI:XCEC", 48.12, 48.3, 0.395, 48.9, 48.05, 54.47, 28.28, 61000, 48.51, 48.515, 48.52, 2, 3],
    ["/HG:XCEC", 5.1025, 5.11, 0.0125, 5.13, 5.095, 5.87, 4.0, 41000, 5.1145, 5.115, 5.1155, 4, 4],
    ["/GC:XCEC", 4001.2, 4005.5, 12.3, 4020.1, 3998.7, 4398, 2584.6, 210000, 4013.4, 4013.5, 4013.5, 3, 2],
    ["/VX:XCBF", 17.15, 17.05, "N/A", 17.4, 16.95, 60, 14.5, 58000, 17, 17.05, 17.05, 40, 35],  # no net change yet
    ["/DX", 99.52, 99.4, -0.145, 99.61, 99.33, 110.18, 95.75, 23000, 99.37, 99.375, 99.38, 12, 9],
    # Bonds in 32nds, as TOS shows them.
    ["/ZB:XCBT", "117'16", "117'08", "-0'05", "117'24", "116'30", "123'02", "106'01",
     402000, "117'11", "117'11", "117'12", 150, 220],
]


@pytest.fixture
def sheet(tmp_path) -> list[list]:
    """The RTD range as Excel holds it: written to an .xlsx and read back with openpyxl."""
    book = openpyxl.Workbook()
    worksheet = book.active
    worksheet.title = "Futures"
    for row in [HEADER, *ROWS]:
        worksheet.append(row)
    path = tmp_path / "CleanData.xlsx"
    book.save(path)
    values = openpyxl.load_workbook(path, data_only=True)["Futures"].iter_rows(values_only=True)
    return [list(row) for row in values]


def test_it_refuses_a_range_without_the_columns_a_quote_needs():
    with pytest.raises(ValueError, match="has no Bid, Ask column"):
        bridge.rows_to_quotes(["Symbol", "Last"], [["/YM", 47387]], READ_AT)


def test_it_refuses_a_read_time_without_an_offset():
    with pytest.raises(ValueError, match="read_at must be timezone-aware"):
        bridge.rows_to_quotes(HEADER, ROWS, datetime(2026, 11, 27, 9, 0))


def test_it_turns_the_tos_range_into_ingest_quotes(sheet):
    header, *rows = sheet
    quotes = bridge.rows_to_quotes(header, rows, READ_AT)
    assert [q["symbol"] for q in quotes] == [
        "/YM", "/ES", "/NQ", "/RTY", "/CL", "/SI", "/HG", "/GC", "/VX", "/DX", "/ZB",  # exchange suffix gone
    ]
    assert quotes[0] == {
        "symbol": "/YM", "ts": "2026-11-27T09:00:00.250+09:00",
        "prev_close": Decimal("47909"), "open": Decimal("46874"), "change": Decimal("-522"),
        "high_24h": Decimal("47506"), "low_24h": Decimal("46801"),
        "high_52w": Decimal("48431"), "low_52w": Decimal("36623"), "volume": 87927,
        "bid": Decimal("47380"), "last": Decimal("47387"), "ask": Decimal("47388"), "bid_size": 2, "ask_size": 2,
        "source": "TOS_RTD_Excel",
    }
    assert quotes[4]["prev_close"] == Decimal("62.35")  # an Excel float, exactly as displayed
    assert "change" not in quotes[8]                       # VX: "N/A" is absent, not zero
    assert quotes[10] == {
        "symbol": "/ZB", "ts": "2026-11-27T09:00:00.250+09:00",
        "prev_close": "117'16", "open": "117'08", "change": "-0'05", "high_24h": "117'24", "low_24h": "116'30",
        "high_52w": "123'02", "low_52w": "106'01", "volume": 402000,
        "bid": "117'11", "last": "117'11", "ask": "117'12", "bid_size": 150, "ask_size": 220,
        "source": "TOS_RTD_Excel",
    }


@pytest.mark.parametrize("cells, expected", [
    (["/ES", "6,865.25", "6,865.50", "1,250,000"], {"bid": Decimal("6865.25"), "ask": Decimal("6865.50"),
                                                     "volume": 1250000}),             # separators everywhere
    (["/ES", 6865.25, 6865.5, 1250000.0], {"bid": Decimal("6865.25"), "ask": Decimal("6865.5"),
                                           "volume": 1250000}),                       # Excel numbers are floats
    (["/ES", 6865.25, 6865.5, "#N/A"], {"bid": Decimal("6865.25"), "ask": Decimal("6865.5")}),
    (["/ES", 6865.25, 6865.5, ""], {"bid": Decimal("6865.25"), "ask": Decimal("6865.5")}),
    (["/ES", 6865.25, 6865.5, 12.5], {"bid": Decimal("6865.25"), "ask": Decimal("6865.5"),
                                      "volume": Decimal("12.5")}),                    # Thor will refuse it, loudly
    ([" /ES:XCME ", "abc", 6865.5, None], {"bid": "abc", "ask": Decimal("6865.5")}),  # text goes to Thor as is
])
def test_it_reads_cells_the_way_tos_and_excel_write_them(cells, expected):
    [quote] = bridge.rows_to_quotes(["Symbol", "Bid", "Ask", "Volume"], [cells], READ_AT)
    assert quote == {"symbol": "/ES", "ts": "2026-11-27T09:00:00.250+09:00", **expected, "source": "TOS_RTD_Excel"}


@pytest.mark.parametrize("row", [
    [None, None, None],          # blank
    ["", 6865.25, 6865.5],       # no symbol
    ["/ES", "N/A", 6865.5],      # no bid yet: one such row must not sink the batch
    ["/ES", 6865.25, None],      # no ask
])
def test_it_skips_rows_that_are_not_quotes(row):
    assert bridge.rows_to_quotes(["Symbol", "Bid", "Ask"], [row], READ_AT) == []


def test_it_finds_columns_by_name_in_any_order_and_ignores_others():
    header = ["Mark", "ask", " Bid ", "SYMBOL", "net_change", "52 Wk High"]
    [quote] = bridge.rows_to_quotes(header, [[1, 2, 1, "/CL", -0.5, 80]], READ_AT)
    assert quote == {"symbol": "/CL", "ts": "2026-11-27T09:00:00.250+09:00", "ask": Decimal(2), "bid": Decimal(1),
                     "change": Decimal("-0.5"), "high_52w": Decimal(80), "source": "TOS_RTD_Excel"}


def quote(symbol: str, bid: str, ts: str = "2026-11-27T09:00:00+09:00") -> dict:
    return {"symbol": symbol, "ts": ts, "bid": Decimal(bid), "ask": Decimal(bid) + 1}


@pytest.mark.parametrize("previous, current, changed", [
    ({}, [quote("/YM", "47380")], ["/YM"]),                                               # never posted
    ({"/YM": quote("/YM", "47380")}, [quote("/YM", "47380", ts="2026-11-27T09:00:01+09:00")], []),  # only time moved
    ({"/YM": quote("/YM", "47380")}, [quote("/YM", "47381")], ["/YM"]),                   # the bid moved
    ({"/YM": quote("/YM", "47380"), "/ES": quote("/ES", "6865")},
     [quote("/YM", "47380"), quote("/ES", "6865.25")], ["/ES"]),
    ({"/YM": {**quote("/YM", "47380"), "last": Decimal(1)}}, [quote("/YM", "47380")], ["/YM"]),  # a field vanished
])
def test_it_posts_only_the_rows_that_changed(previous, current, changed):
    assert [q["symbol"] for q in bridge.changed_rows(previous, current)] == changed


def test_it_encodes_prices_as_exact_json_numbers():
    body = bridge.encode_quotes([{"symbol": "/ZB", "bid": Decimal("117.34375"), "ask": "117'12", "volume": 3}])
    assert body == b'[{"symbol": "/ZB", "bid": 117.34375, "ask": "117\'12", "volume": 3}]'
    assert json.loads(body, parse_float=Decimal)[0]["bid"] == Decimal("117.34375")


@pytest.fixture
def database_bus(settings):
    settings.REDIS_URL = ""  # the database bus, even where REDIS_URL is set
    return get_bus()


@pytest.mark.django_db
def test_thor_accepts_what_it_reads_from_the_sheet(client, sheet, database_bus):
    header, *rows = sheet
    response = client.post(
        "/api/feed/quotes", bridge.encode_quotes(bridge.rows_to_quotes(header, rows, READ_AT)),
        content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {settings.THOR_FEED_TOKEN}",
    )
    assert response.status_code == 202, response.content
    assert response.json() == {"accepted": 11}
    latest = database_bus.latest(SYMBOLS)
    assert sorted(latest) == sorted(SYMBOLS)
    assert {q.ts_ms for q in latest.values()} == {to_ms(datetime(2026, 11, 27, 0, 0, 0, 250_000, tzinfo=timezone.utc))}
    ym, zb, vx = latest["YM"], latest["ZB"], latest["VX"]
    assert (ym.bid, ym.ask, ym.change, ym.volume) == (Decimal("47380"), Decimal("47388"), Decimal("-522"), 87927)
    assert (zb.bid, zb.ask, zb.prev_close, zb.change) == (
        Decimal("117.34375"), Decimal("117.375"), Decimal("117.5"), Decimal("-0.15625"))
    assert vx.change is None and vx.source == "TOS_RTD_Excel"


def test_the_bridge_posts_changes_over_http_and_reports_refusals(live_server, sheet, database_bus):
    source = SimpleNamespace(value=sheet)  # stands in for the xlwings range: no Excel here
    token = settings.THOR_FEED_TOKEN
    feed = bridge.Bridge(source, live_server.url, token, resend_s=3600)
    assert feed.cycle() == 11
    assert feed.cycle() == 0                     # nothing changed
    source.value[1][9] = "47,381"                # the YM bid ticks up
    assert feed.cycle() == 1
    assert database_bus.latest(["YM"])["YM"].bid == Decimal("47381")

    with pytest.raises(bridge.PostFailed, match="HTTP 401"):
        bridge.post_quotes(live_server.url, "wrong-token", [quote("/YM", "47382", ts=READ_AT.isoformat())])
    with pytest.raises(bridge.PostFailed, match="HTTP 400: .*unknown symbol"):
        bridge.post_quotes(live_server.url, token, [quote("/XX", "1", ts=READ_AT.isoformat())])
    with pytest.raises(bridge.PostFailed, match="cannot reach"):
        bridge.post_quotes("http://127.0.0.1:9", token, [quote("/YM", "47382")], timeout=2)

    resending = bridge.Bridge(source, live_server.url, token, resend_s=0)  # every row, every time
    assert resending.cycle() == 11


def run_script(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    # -I: no PYTHONPATH, no current directory on the path; the script must stand alone.
    return subprocess.run([sys.executable, "-I", str(SCRIPT), *args], capture_output=True, text=True,
                          env=env or {}, timeout=30)


def test_it_runs_standalone_without_thor_or_django():
    probe = subprocess.run(
        [sys.executable, "-I", "-c",
         "import importlib.util, sys\n"
         f"spec = importlib.util.spec_from_file_location('bridge', {str(SCRIPT)!r})\n"
         "spec.loader.exec_module(importlib.util.module_from_spec(spec))\n"
         "print(sorted({m.split('.')[0] for m in sys.modules} & "
         "{'django', 'xlwings', 'LiveData', 'FutureTrading', 'thor_backend', 'openpyxl'}))"],
        capture_output=True, text=True, timeout=30,
    )
    assert probe.stdout.strip() == "[]", probe.stderr
    assert run_script("--help").returncode == 0


def test_it_refuses_to_start_without_a_token():
    result = run_script("--url", "http://thor:8000")
    assert result.returncode == 2
    assert "no feed token: pass --token or set THOR_FEED_TOKEN" in result.stderr

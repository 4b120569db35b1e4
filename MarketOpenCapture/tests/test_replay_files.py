"""Replay input: quote and bar files read into arrays, every cell judged exactly as the feed edge judges it."""
import gzip
from decimal import Decimal as D
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from FutureTrading.rules.instruments import SPEC_INSTRUMENTS
from FutureTrading.rules.symbols import alias_map
from LiveData.feeds.csv_file import QuoteFileError, read_batches
from LiveData.quotes import Quote
from MarketOpenCapture.services import replay_files
from MarketOpenCapture.services.replay_files import BARS, QUOTES, file_kind, load_bars, load_quotes
from MarketOpenCapture.services.replay_text import Unsplittable

pytestmark = pytest.mark.embedded

ALIASES = alias_map(SPEC_INSTRUMENTS)
T = 1_767_225_600_000  # 2026-01-01T00:00:00Z
HEADER = "symbol,ts,bid,ask,last,change,volume,source"


def write(folder: Path, name: str, *lines: str) -> Path:
    path = folder / name
    text = "\n".join(lines) + "\n"
    if name.endswith(".gz"):
        with gzip.open(path, "wt", encoding="utf-8") as handle:
            handle.write(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def everything(bus, symbol) -> list[Quote]:
    return bus.between(symbol, 0, 2**62)


def refused(path, load=load_quotes) -> list[tuple]:
    with pytest.raises(QuoteFileError) as caught:
        load([path], ALIASES)
    return caught.value.problems


# --- Agreement with the edge, on random files ----------------------------------------------------

def _instant(ms: int, form: str) -> str:
    from datetime import datetime, timedelta, timezone

    moment = datetime(1970, 1, 1, tzinfo=timezone.utc) + timedelta(milliseconds=ms)
    return {
        "ms": str(ms),
        "thor": moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z",
        "offset": moment.astimezone(timezone(timedelta(hours=9))).isoformat(),
        "seconds": moment.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "padded": f" {ms} ",
    }[form]


VALID = {
    "symbol": ["YM", "/ym", " ES ", "ZB", "30YRBOND", "RT"],
    "price": ["47380", "47380.5", " 47381 ", "0.03125", "6800.25", "117.5"],
    "zb_price": ["117'16", "117-16", "117'165", "117.53125"],
    "change": ["", "-1.5", "0", "12"],
    "size": ["", "3", "0012", " 7 ", "123456789012"],
    "source": ["", "tos", " excel "],
}
INVALID = {
    "symbol": ["XX", "", "/"],
    "ts": ["2026-02-30T00:00:00.000Z", "123", "", "yesterday", "2026-01-01T00:00:00.000", "٢٠٢٦"],
    "price": ["0", "-1", "NaN", "1e3x", "1.123456789", "", "٣", "Infinity", "117'40"],
    "size": ["-1", "1.5", "٣", "99999999999999999999", "1e3"],
    "source": ["x" * 70],
}


@st.composite
def quote_files(draw, ragged: bool):
    """Rows of quotes in time order, now and then with an invalid cell or a crossed row; `ragged`:
    also short rows and rows of blank cells, which only pandas splits."""
    rows = []
    ms = T
    for _ in range(draw(st.integers(1, 25))):
        ms += 1000 * draw(st.integers(0, 5))  # whole seconds: every form of the instant is exact
        bad = draw(st.integers(0, 30)) == 0  # most files are valid throughout
        symbol = draw(st.sampled_from(VALID["symbol"] + (INVALID["symbol"] if bad else [])))
        zb = symbol.strip().upper() in ("ZB", "30YRBOND")
        prices = VALID["price"] + (VALID["zb_price"] if zb else []) + (INVALID["price"] if bad else [])
        bid = draw(st.sampled_from(prices))
        ask = bid if draw(st.booleans()) else draw(st.sampled_from(prices))
        ts = draw(st.sampled_from(INVALID["ts"])) if bad and draw(st.booleans()) else _instant(
            ms, draw(st.sampled_from(["ms", "thor", "offset", "seconds", "padded"])))
        cells = [symbol, ts, bid, ask, draw(st.sampled_from(prices + [""])), draw(st.sampled_from(VALID["change"])),
                 draw(st.sampled_from(VALID["size"] + (INVALID["size"] if bad else []))),
                 draw(st.sampled_from(VALID["source"] + (INVALID["source"] if bad else [])))]
        while ragged and cells and cells[-1] == "" and draw(st.booleans()):
            cells.pop()  # a short row: the missing cells are empty
        rows.append(",".join(cells))
        if draw(st.integers(0, 10)) == 0:
            rows.append(" , ," if ragged and draw(st.booleans()) else "")  # blank lines are skipped
    return rows


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=quote_files(ragged=False))
def test_the_numpy_splitter_accepts_and_refuses_exactly_what_the_edge_does(tmp_path, rows, monkeypatch):
    monkeypatch.setattr(replay_files, "_pandas_columns", lambda *args: pytest.fail("pandas read the file"))
    agrees_with_the_edge(write(tmp_path, "random.csv", HEADER, *rows))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=quote_files(ragged=True))
def test_the_pandas_reader_accepts_and_refuses_exactly_what_the_edge_does(tmp_path, rows, monkeypatch):
    monkeypatch.setattr(replay_files, "split", lambda *args: (_ for _ in ()).throw(Unsplittable("forced")))
    agrees_with_the_edge(write(tmp_path, "random.csv", HEADER, *rows))


def agrees_with_the_edge(path):
    try:
        edge = [quote for batch in read_batches(path, ALIASES) for quote in batch]
    except QuoteFileError as exc:
        # Both refuse, and name the same first problem (line, field, message).
        assert refused(path)[0] == exc.problems[0]
        return
    bus = load_quotes([path], ALIASES)
    for symbol in {quote.symbol for quote in edge}:
        assert everything(bus, symbol) == [quote for quote in edge if quote.symbol == symbol]
    assert bus.count() == len(edge)


@pytest.mark.parametrize("content", [
    b"symbol,ts,bid,ask\r\nYM,1767225600000,1,2\r\nES,1767225600000,3,4\r\n",  # CRLF line ends
    b"\xef\xbb\xbfsymbol,ts,bid,ask\nYM,1767225600000,1,2",  # a byte-order mark, no last line end
    b"symbol,ts,bid,ask\n\n\nYM,1767225600000,1,2\n\n",  # blank lines
    b"symbol,ts,bid,ask\n   \nYM,1767225600000,1,2\n",  # a line of spaces
    b"symbol,ts,bid,ask\nYM,1767225600000,1,2\rES,1767225600000,3,4\n",  # a lone CR ends a record too
    b'symbol,ts,bid,ask\n"YM","1767225600000","1,5",2\n',  # quoting (a comma inside a cell)
    b"symbol,ts,bid,ask\nYM,1767225600000,\xff,2\n",  # not UTF-8
    b"symbol,ts,bid,ask\nYM,1767225600000,1\x00,2\n",  # a NUL byte
    "symbol,ts,bid,ask\nYM,1767225600000,1\u00a0,2\u2003\n".encode(),  # Unicode spaces around cells
    b"symbol,ts,bid,ask\nYM,1767225600000,1,2,\n",  # one cell too many
    b"symbol,ts,bid,ask\nYM,1767225600000,1\n",  # a short row
    b"symbol,ts,bid,ask\n",  # a header alone
])
def test_odd_bytes_read_as_the_edge_reads_them(tmp_path, content):
    path = tmp_path / "odd.csv"
    path.write_bytes(content)
    agrees_with_the_edge(path)


# --- Refused rows: the edge's words, the file line and field ------------------------------------

@pytest.mark.parametrize("row, field, message", [
    ("YM,2026-01-01T00:00:00.000Z,47390,47380", "ask", "ask 47380 is below bid 47390 (crossed quote)"),
    ("YM,2026-01-01T00:00:00.000Z,NaN,47380", "bid", "must be a number, got the string 'NaN'"),
    ("XX,2026-01-01T00:00:00.000Z,1,2", "symbol", "unknown symbol 'XX'"),
    ("YM,2026-01-01T00:00:00.000Z,,47380", "bid", "required"),  # an empty cell is a missing field
    ("YM,2026-13-01T00:00:00.000Z,1,2", "ts", "cannot read '2026-13-01T00:00:00.000Z'"),
    ("YM,1767225600,1,2", "ts", "before 2000-01-01; epoch seconds instead of milliseconds?"),
    ("ZB,2026-01-01T00:00:00.000Z,117'40,118", "bid", "40 is not a number of 32nds"),
    ("YM,2026-01-01T00:00:00.000Z,47380.123456789,47390", "bid", "more than 8 decimal places"),
])
def test_a_bad_cell_is_refused_with_its_line_and_field(tmp_path, row, field, message):
    path = write(tmp_path, "bad.csv", "symbol,ts,bid,ask", "YM,2026-01-01T00:00:00.000Z,47380,47381", "", row)
    (line, named, text), *_ = refused(path)
    assert (line, named) == (4, field)  # the blank line 3 still counts as a line
    assert message in text


def test_it_reports_several_refused_rows_and_how_many_more(tmp_path):
    bad = [f"XX,{T + i},1,2" for i in range(12)]
    problems = refused(write(tmp_path, "bad.csv", "symbol,ts,bid,ask", *bad))
    assert [line for line, _, _ in problems[:10]] == list(range(2, 12))
    assert problems[-1] == (None, None, "2 more rows refused")


def test_a_symbol_going_back_in_time_is_refused_at_its_line(tmp_path):
    path = write(tmp_path, "order.csv", "symbol,ts,bid,ask", f"YM,{T + 1000},1,2", f"ES,{T},1,2", f"YM,{T + 999},1,2")
    [(line, field, message)] = refused(path)
    assert (line, field) == (4, "ts")
    assert message == ("YM quote at 2026-01-01T00:00:00.999Z is older than the YM quote before it at "
                       "2026-01-01T00:00:01.000Z: each symbol's quotes must be in time order")


def test_files_are_read_in_order_and_each_symbol_must_run_forward_through_them(tmp_path):
    first = write(tmp_path, "a.csv", "symbol,ts,bid,ask,volume", f"YM,{T + 5000},1,2,5", f"ES,{T},1,2,")
    second = write(tmp_path, "b.csv.gz", "symbol,ts,bid,ask,volume", f"ES,{T + 1},3,4,8", f"YM,{T + 5000},3,4,7")
    bus = load_quotes([first, second], ALIASES)
    assert [(str(quote.bid), quote.volume) for quote in everything(bus, "YM")] == [("1", 5), ("3", 7)]
    assert [quote.volume for quote in everything(bus, "ES")] == [None, 8]
    with pytest.raises(QuoteFileError) as caught:
        load_quotes([second, first], ALIASES)
    # a.csv after b.csv: its ES quote at T (line 3) is older than b.csv's at T + 1 ms.
    assert caught.value.path == str(first) and caught.value.problems[0][:2] == (3, "ts")


@pytest.mark.parametrize("header, problem", [
    ("symbol,ts,bid,ask,colour", (1, "colour", "unknown column")),
    ("symbol,ts,bid", (1, "ask", "column missing from the header")),
    ("symbol,ts,bid,ask,bid", (1, "bid", "column appears twice")),
])
def test_a_bad_header_is_refused_before_any_row(tmp_path, header, problem):
    [(line, field, message)] = refused(write(tmp_path, "header.csv", header, "YM,1,2,3"))
    assert (line, field) == problem[:2] and message.startswith(problem[2])


def test_an_empty_or_unreadable_file_is_refused(tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    assert refused(empty)[0][2].startswith("the file is empty")
    broken = tmp_path / "broken.csv.gz"
    broken.write_bytes(b"not gzip at all")
    assert refused(broken)[0][2].startswith("unreadable")
    for rows in ([f"YM,{T},1,2,3"], [f"YM,{T},1,2", f"YM,{T},1,2,3,4"]):  # the edge's own message
        wide = write(tmp_path, "wide.csv", "symbol,ts,bid,ask", *rows)
        assert refused(wide) == [(len(rows) + 1, None, f"{len(rows) + 4} cells but the header names 4 columns")]
    bars = write(tmp_path, "wide-bars.csv", "ts,symbol,open,high,low,close", f"{T},YM,1,1,1,1,1")
    assert refused(bars, load_bars)[0][2].startswith("unreadable")


def test_a_byte_order_mark_and_padded_cells_read_like_the_edge(tmp_path):
    path = tmp_path / "excel.csv"
    path.write_bytes("\ufeffsymbol , ts,bid,ask\n /YM ,2026-01-01T09:00:00+09:00 , 47380 ,47381\n".encode())
    [quote] = everything(load_quotes([path], ALIASES), "YM")
    assert (quote.ts_ms, quote.bid, quote.ask) == (T, D("47380"), D("47381"))


# --- Bars ---------------------------------------------------------------------------------------

BAR_HEADER = "ts,symbol,open,high,low,close,volume"


def test_it_tells_bar_files_from_quote_files(tmp_path):
    assert file_kind(write(tmp_path, "bars.csv", BAR_HEADER)) == BARS
    assert file_kind(write(tmp_path, "bars2.csv", "ts,symbol,open,high,low,close")) == BARS
    assert file_kind(write(tmp_path, "quotes.csv", HEADER)) == QUOTES


def test_bars_load_per_symbol_in_time_order(tmp_path):
    path = write(tmp_path, "bars.csv", BAR_HEADER, f"{T},/YM,47380,47390,47370,47385,12",
                 f"{T},ZB,117'16,117'17,117'15,117'16,", f"{T + 60_000},YM,47385,47386,47384,47384,3")
    bars = load_bars([path], ALIASES)
    assert list(bars["YM"].ts_ms) == [T, T + 60_000]
    assert list(bars["YM"].high) == [4_739_000_000_000, 4_738_600_000_000]
    assert list(bars["ZB"].open) == [11_750_000_000]  # 117'16 = 117.5


@pytest.mark.parametrize("row, expected", [
    (f"{T + 60_000},YM,NaN,47390,47370,47385", (3, "open", "must be a number, got the string 'NaN'")),
    (f"{T + 60_000},XX,1,2,1,1", (3, "symbol", "unknown symbol 'XX'")),
    (f"{T + 60_000},YM,47380,47390,,47385", (3, "low", "required")),
    (f"{T + 60_000},YM,47380,47390,47370,47385,-1", (3, "volume", "must be a whole number")),
    # BarPath's own checks, located at the bar's line:
    (f"{T + 60_000},YM,47380,47390,47381,47385", (3, None, "YM: bar 1 at")),  # low above the open
    (f"{T},YM,47380,47390,47370,47385", (3, None, "YM: bars are not in strict time order")),
])
def test_a_bad_bar_is_refused_with_its_line(tmp_path, row, expected):
    path = write(tmp_path, "bars.csv", BAR_HEADER, f"{T},YM,47380,47390,47370,47385,1", row)
    (line, field, message), *_ = refused(path, load_bars)
    assert (line, field) == expected[:2] and message.startswith(expected[2]) or expected[2] in message

"""Quote files: read through the ingest validation, errors name the line and field, write round-trips."""
import gzip
from decimal import Decimal

import pytest

from FutureTrading.rules.instruments import SPEC_INSTRUMENTS
from FutureTrading.rules.symbols import alias_map
from LiveData.feeds.csv_file import FIELDS, QuoteFileError, read_batches, write_csv
from LiveData.feeds.simulator import MarketSimulator
from LiveData.quotes import Quote

pytestmark = pytest.mark.embedded

ALIASES = alias_map(SPEC_INSTRUMENTS)
T0 = 1_772_461_800_000  # 2026-03-02 14:30:00 UTC

HEADER = "symbol,ts,bid,ask,last,change,prev_close,bid_size,ask_size,volume,source\n"
GOOD = (
    HEADER
    + "/YM,2026-03-02T09:30:00-05:00,47380,47388,47387,-522,47909,2,2,87927,TOS\n"   # line 2: alias, ISO with offset
    + "ES,1772461800250,6800.25,6800.50,,,,,,,\n"                                     # line 3: epoch ms, empty cells
    + "\n"                                                                             # line 4: blank, skipped
    + "ZB,2026-03-02T14:30:01Z,117'16,117'17,,,,,,,\n"                                # line 5: 32nds
)


def write(tmp_path, text: str, name: str = "quotes.csv"):
    path = tmp_path / name
    if name.endswith(".gz"):
        with gzip.open(path, "wt", encoding="utf-8") as handle:
            handle.write(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def read_all(path, batch_size=500):
    return [quote for batch in read_batches(path, ALIASES, batch_size) for quote in batch]


def test_it_rejects_a_bad_row_naming_the_file_line_and_field(tmp_path):
    path = write(tmp_path, GOOD + "NQ,2026-03-02T14:30:02Z,25000.25,25000.00,,,,,,,\n")  # line 6: crossed
    with pytest.raises(QuoteFileError) as raised:
        read_all(path)
    assert raised.value.problems == [(6, "ask", "ask 25000.00 is below bid 25000.25 (crossed quote)")]
    assert "quotes.csv: line 6, field 'ask': ask 25000.00 is below bid 25000.25" in str(raised.value)


def test_it_yields_nothing_of_the_batch_holding_a_bad_row(tmp_path):
    path = write(tmp_path, GOOD + "NQ,2026-03-02T14:30:02Z,25000.25,25000.50,,,,,,,\n"   # line 6: fine
                           + "XX,2026-03-02T14:30:03Z,1,2,,,,,,,\n")                      # line 7: unknown symbol
    batches = read_batches(path, ALIASES, batch_size=3)
    assert [q.symbol for q in next(batches)] == ["YM", "ES", "ZB"]
    with pytest.raises(QuoteFileError) as raised:
        next(batches)  # NQ is good, but shares the batch with line 7
    assert [(line, field) for line, field, _ in raised.value.problems] == [(7, "symbol")]


def test_it_reports_every_problem_of_the_batch(tmp_path):
    path = write(tmp_path, HEADER
                 + "YM,2026-03-02T14:30:00,47380,47388,,,,,,,\n"        # line 2: no UTC offset
                 + "ES,2026-03-02T14:30:00Z,NaN,6800.50,,,,-3,,,\n")    # line 3: NaN bid, negative size
    with pytest.raises(QuoteFileError) as raised:
        read_all(path)
    assert [(line, field) for line, field, _ in raised.value.problems] == [(2, "ts"), (3, "bid"), (3, "bid_size")]


def test_it_rejects_an_empty_file(tmp_path):
    with pytest.raises(QuoteFileError, match="line 1: the file is empty"):
        read_all(write(tmp_path, ""))


@pytest.mark.parametrize("header, problems", [
    ("symbol,ts,bid\n", [(1, "ask")]),                               # a required column missing
    ("symbol,ts,bid,ask,prevclose\n", [(1, "prevclose")]),           # a typo would lose a column silently
    ("symbol,ts,bid,ask,bid\n", [(1, "bid")]),                       # twice
])
def test_it_rejects_a_header_that_does_not_name_the_quote_fields(tmp_path, header, problems):
    with pytest.raises(QuoteFileError) as raised:
        read_all(write(tmp_path, header + "YM,1772461800000,47380,47388,1\n"))
    assert [(line, field) for line, field, _ in raised.value.problems] == problems


def test_it_rejects_a_row_with_more_cells_than_columns(tmp_path):
    path = write(tmp_path, "symbol,ts,bid,ask\nYM,1772461800000,47380,47388,47387\n")
    with pytest.raises(QuoteFileError, match="line 2: 5 cells but the header names 4 columns"):
        read_all(path)


def test_it_rejects_a_gz_file_that_is_not_gzip(tmp_path):
    path = tmp_path / "quotes.csv.gz"
    path.write_text(GOOD)
    with pytest.raises(QuoteFileError, match="unreadable"):
        read_all(path)


@pytest.mark.parametrize("name", ["quotes.csv", "quotes.csv.gz"])
def test_it_reads_quotes_the_way_the_ingest_endpoint_does(tmp_path, name):
    quotes = read_all(write(tmp_path, GOOD, name))
    assert quotes == [
        Quote(symbol="YM", ts_ms=T0, bid=Decimal("47380"), ask=Decimal("47388"), last=Decimal("47387"),
              change=Decimal("-522"), prev_close=Decimal("47909"), bid_size=2, ask_size=2, volume=87927,
              source="TOS"),
        Quote(symbol="ES", ts_ms=T0 + 250, bid=Decimal("6800.25"), ask=Decimal("6800.50")),
        Quote(symbol="ZB", ts_ms=T0 + 1000, bid=Decimal("117.5"), ask=Decimal("117.53125")),
    ]


def test_it_skips_a_byte_order_mark(tmp_path):
    assert [q.symbol for q in read_all(write(tmp_path, "\ufeff" + GOOD))] == ["YM", "ES", "ZB"]


def test_it_replays_old_and_future_files_on_their_own_clock(tmp_path):
    path = write(tmp_path, HEADER
                 + "YM,2001-09-10T13:30:00Z,10000,10001,,,,,,,\n"
                 + "YM,2099-01-01T00:00:00Z,90000,90001,,,,,,,\n")
    assert [q.bid for q in read_all(path)] == [Decimal("10000"), Decimal("90000")]


def test_it_batches_in_file_order(tmp_path):
    path = tmp_path / "many.csv"
    quotes = [Quote("ES", T0 + i, Decimal("6800.25"), Decimal("6800.50"), volume=i) for i in range(25)]
    write_csv(path, quotes)
    batches = list(read_batches(path, ALIASES, batch_size=10))
    assert [len(batch) for batch in batches] == [10, 10, 5]
    assert [q.volume for batch in batches for q in batch] == list(range(25))


@pytest.mark.parametrize("name", ["day.csv", "day.csv.gz"])
def test_it_writes_files_that_read_back_to_the_same_quotes(tmp_path, name):
    start = 1_772_461_800_000
    sim = MarketSimulator(SPEC_INSTRUMENTS, 21, start)
    quotes = [q for i in range(40) for q in sim.step(start + i * 250)]
    path = tmp_path / name
    assert write_csv(path, quotes) == len(quotes)
    assert read_all(path, batch_size=64) == quotes


def test_it_writes_a_header_of_ingest_field_names_and_readable_rows(tmp_path):
    path = tmp_path / "one.csv"
    write_csv(path, [Quote("ZB", T0 + 5, Decimal("117.5"), Decimal("117.53125"), change=Decimal("-0.03125"))])
    header, row = path.read_text().splitlines()
    assert header.split(",") == list(FIELDS)
    assert FIELDS[:4] == ("symbol", "ts", "bid", "ask")
    assert row == "ZB,2026-03-02T14:30:00.005Z,117.5,117.53125,,-0.03125,,,,,,,,,,,"

"""Replay input: quote files and 1-minute bar files, read whole into arrays.

A month of quotes is millions of rows: far too many for `parse_quotes` row
by row, yet every cell must be judged exactly as the feed edge judges it.
So the file is split into columns of distinct cell texts (`replay_text`),
and the edge itself judges each *distinct* text once: `parse_quotes` gets
one probe quote per distinct text of a column (a check depends only on the
cell, and for ZB's 32nds on the symbol, so one verdict holds for every row
with that text). Timestamps and sizes rarely repeat, so their plain forms
(ASCII digits; ISO-8601 exactly as Thor writes it) are converted by numpy,
keeping to what the edge accepts with the same value; any other form goes
to the edge as well. What spans cells is an array comparison: a required
cell present, ask ≥ bid, a symbol's quotes in time order. A refused row is
reported with the edge's own messages for that row and its file line; a
file that cannot be split at all, with the edge reader's own error.
"""
import csv
import gzip
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from LiveData.bus.memory import ABSENT, OPTIONAL_FIELDS, Column, MemoryQuoteBus, Series, scaled
from LiveData.feeds.csv_file import FIELDS as QUOTE_FIELDS
from LiveData.feeds.csv_file import FILE_CLOCK_MS, MAX_DESCRIBED, REQUIRED, QuoteFileError, read_batches
from LiveData.quotes import PRICE_FIELDS, SIZE_FIELDS, from_ms
from LiveData.validation import (
    MAX_BATCH, MAX_FUTURE_MS, MIN_TS_MS, THIRTY_SECONDS_SYMBOLS, QuoteBatchError, parse_quotes,
)
from MarketOpenCapture.rules.bars import BarPath
from MarketOpenCapture.services.replay_text import TextColumn, Unreadable, Unsplittable, from_pandas, split
from thor_backend.formats import iso_utc

QUOTES, BARS = "quotes", "bars"
BAR_FIELDS = ("ts", "symbol", "open", "high", "low", "close", "volume")
BAR_PRICES = ("open", "high", "low", "close")
BAR_REQUIRED = ("ts", "symbol", *BAR_PRICES)
MAX_TS_MS = FILE_CLOCK_MS + MAX_FUTURE_MS
# ISO-8601 as thor_backend.formats.iso_utc writes it: 2026-01-05T14:30:00.000Z.
ISO_LENGTH = 24
ISO_SEPARATORS = {4: "-", 7: "-", 10: "T", 13: ":", 16: ":", 19: ".", 23: "Z"}
ISO_DIGITS = [position for position in range(ISO_LENGTH) if position not in ISO_SEPARATORS]
EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
MAX_FAST_DIGITS = 18  # any 18-digit number fits an int64
REFUSED = object()


def _open_text(path: Path):
    # As the edge reads files: utf-8 without a byte-order mark, gzip by suffix.
    if path.suffix == ".gz":
        return gzip.open(path, "rt", newline="", encoding="utf-8-sig")
    return open(path, newline="", encoding="utf-8-sig")


def _unreadable(path: Path, exc: Exception, edge_reader: Callable | None) -> QuoteFileError:
    """The error for a file that cannot be split into rows: the edge reader's own, when it has one."""
    if edge_reader is not None:
        try:
            for _ in edge_reader(path):
                pass
        except QuoteFileError as refused:
            return refused
    return QuoteFileError(path, [(None, None, f"unreadable: {exc}")])


def _header(path: Path, edge_reader: Callable | None = None) -> list[str]:
    try:
        with _open_text(path) as handle:
            first = next(csv.reader(handle), None)
    except (csv.Error, UnicodeDecodeError, OSError, EOFError) as exc:
        raise _unreadable(path, exc, edge_reader) from None
    if first is None:
        raise QuoteFileError(path, [(1, None, "the file is empty; the first line must name the columns")])
    return [name.strip() for name in first]


def file_kind(path: Path | str) -> str:
    """BARS when the header names bar columns (open, high, low, close and no bid), else QUOTES
    (also for a header that cannot be read: reading the file as quotes then says why)."""
    try:
        fields = set(_header(Path(path)))
    except QuoteFileError:
        return QUOTES
    return BARS if {"open", "high", "low", "close"} <= fields <= set(BAR_FIELDS) else QUOTES


def _check_header(path: Path, fields: list[str], known: Sequence[str], required: Sequence[str]) -> None:
    problems = [(1, name, f"unknown column (the columns are {', '.join(known)})")
                for name in fields if name not in known]
    problems += [(1, name, "column missing from the header") for name in required if name not in fields]
    problems += [(1, name, "column appears twice") for name in sorted(set(fields)) if fields.count(name) > 1]
    if problems:
        raise QuoteFileError(path, problems)


# --- The file as distinct texts -------------------------------------------------------------------

@dataclass
class TextTable:
    path: Path
    fields: list[str]
    columns: dict[str, TextColumn]
    rows: np.ndarray  # per row, its record number after the header (for its line)

    def __len__(self) -> int:
        return len(self.rows)

    def item(self, row: int) -> dict:
        """Row `row` as the edge sees it: the non-empty stripped cells by field."""
        cells = {name: column.text(int(column.codes[row])) for name, column in self.columns.items()}
        return {name: text for name, text in cells.items() if text}


def _pandas_columns(path: Path, fields: list[str]) -> tuple[dict[int, TextColumn], np.ndarray]:
    with warnings.catch_warnings():
        # A first row with more cells than the header is only a warning to pandas.
        warnings.simplefilter("error", pd.errors.ParserWarning)
        # Blank lines are kept as rows, so that row i is the csv module's record i (for its line).
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_filter=False, encoding="utf-8-sig",
                            header=0, names=fields, index_col=False, skip_blank_lines=False,
                            compression="gzip" if path.suffix == ".gz" else None)
    return ({index: from_pandas(frame[name].to_numpy()) for index, name in enumerate(fields)},
            np.arange(len(frame)))


def _read_table(path: Path, known: Sequence[str], required: Sequence[str],
                edge_reader: Callable | None = None) -> TextTable:
    fields = _header(path, edge_reader)
    _check_header(path, fields, known, required)
    try:
        try:
            by_index, records = split(path, len(fields))
        except Unsplittable:
            by_index, records = _pandas_columns(path, fields)
    except (Unreadable, pd.errors.ParserError, pd.errors.ParserWarning, UnicodeDecodeError, OSError, EOFError,
            ValueError) as exc:
        raise _unreadable(path, exc, edge_reader) from None
    columns = {name: by_index[index] for index, name in enumerate(fields)}
    kept = np.zeros(len(records), dtype=bool)
    for column in columns.values():
        kept |= column.present
    if kept.all():
        return TextTable(path, fields, columns, records)
    # Rows of empty cells only are skipped, as the edge skips blank lines.
    rows = np.flatnonzero(kept)
    return TextTable(path, fields, {name: column.take(rows) for name, column in columns.items()}, records[rows])


def _lines(path: Path, rows: Sequence[int]) -> dict[int, int]:
    """File line of each of `rows` (record numbers after the header, blank lines included)."""
    wanted, found = set(rows), {}
    with _open_text(path) as handle:
        reader = csv.reader(handle)
        next(reader, None)
        for index, _ in enumerate(reader):
            if index in wanted:
                found[index] = reader.line_num
                if len(found) == len(wanted):
                    break
    return found


# --- Verdicts of the edge -------------------------------------------------------------------------

@dataclass
class Verdicts:
    """Per distinct text of a column: the edge's value (None where not asked), and whether it refused."""

    values: list | np.ndarray
    refused: np.ndarray


class Probe:
    """Asks `parse_quotes` about single cells, each inside an otherwise valid quote."""

    def __init__(self, aliases: Mapping[str, str]):
        self.aliases = aliases
        self._seen: dict[tuple[str, bool], dict[str, object]] = {}
        symbols = sorted(set(aliases.values()))
        self.plain_symbol = next((s for s in symbols if s not in THIRTY_SECONDS_SYMBOLS), None)
        self.zb_symbol = next((s for s in symbols if s in THIRTY_SECONDS_SYMBOLS), None)

    def _item(self, as_field: str, text: str, thirty_seconds: bool) -> dict:
        item = {"symbol": self.zb_symbol if thirty_seconds else self.plain_symbol, "ts": MIN_TS_MS,
                "bid": "1", "ask": "1"}
        # A bid probe is also its own ask, so ask ≥ bid holds whatever the text.
        item.update({"bid": text, "ask": text} if as_field in ("bid", "ask") else {as_field: text})
        return item

    def ask(self, texts: Sequence[str], as_field: str, *, thirty_seconds: bool = False) -> tuple[list, set[int]]:
        """The edge's value of each text read as quote field `as_field`, and the indexes it refused.

        Verdicts are remembered: bid, ask and last of one file repeat the same prices.
        """
        kind = ("bid" if as_field in ("bid", "ask") else as_field, thirty_seconds)
        seen = self._seen.setdefault(kind, {})
        new = list(dict.fromkeys(text for text in texts if text not in seen))
        for start in range(0, len(new), MAX_BATCH):
            chunk = new[start:start + MAX_BATCH]
            try:
                quotes = parse_quotes([self._item(as_field, text, thirty_seconds) for text in chunk],
                                      self.aliases, FILE_CLOCK_MS)
            except QuoteBatchError as exc:
                # A batch is all or nothing: ask again without the refused texts, for the values of the rest.
                bad = {chunk[error["index"]] for error in exc.errors}
                seen.update(dict.fromkeys(bad, REFUSED))
                chunk = [text for text in chunk if text not in bad]
                quotes = parse_quotes([self._item(as_field, text, thirty_seconds) for text in chunk],
                                      self.aliases, FILE_CLOCK_MS)
            attribute = "ts_ms" if as_field == "ts" else as_field
            seen.update((text, getattr(quote, attribute)) for text, quote in zip(chunk, quotes))
        values = [seen[text] for text in texts]
        refused = {index for index, value in enumerate(values) if value is REFUSED}
        return [None if value is REFUSED else value for value in values], refused

    def errors(self, text: str, as_field: str, *, thirty_seconds: bool = False) -> list[str]:
        """The edge's messages about one cell (none when it is accepted)."""
        try:
            parse_quotes([self._item(as_field, text, thirty_seconds)], self.aliases, FILE_CLOCK_MS)
        except QuoteBatchError as exc:
            return [error["message"] for error in exc.errors if error["field"] == as_field]
        return []


def _verdicts(probe: Probe, field: str, column: TextColumn, asked: np.ndarray, *, as_field: str | None = None,
              thirty_seconds: bool = False, fast: Callable | None = None) -> Verdicts:
    """Verdicts on the distinct texts of `column` flagged in `asked` (empty cells are never asked).

    With `fast` (a converter of cells to int64 that says which it took), the
    values are an int64 array, else a list.
    """
    refused = np.zeros(len(column.lengths), dtype=bool)
    todo = np.flatnonzero(asked & ~column.blank)
    if fast is None:
        values = [None] * len(column.lengths)
    else:
        values = np.zeros(len(column.lengths), dtype=np.int64)
        converted, done = fast(column.cells[todo], column.lengths[todo])
        values[todo[done]] = converted[done]
        todo = todo[~done]
    parsed, bad = probe.ask(column.texts(todo.tolist()), as_field or field, thirty_seconds=thirty_seconds)
    for index, value in zip(todo.tolist(), parsed):
        if value is not None:
            values[index] = value
    refused[todo[sorted(bad)]] = True
    return Verdicts(values, refused)


def _fast_digits(cells: np.ndarray, lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Plain ASCII digits short enough for an int64: the edge reads them as that int."""
    width = min(cells.shape[1], MAX_FAST_DIGITS)
    digits = cells[:, :width].astype(np.int64) - ord("0")
    within = np.arange(width) < lengths[:, None]
    done = (lengths >= 1) & (lengths <= width) & (((digits >= 0) & (digits <= 9)) | ~within).all(axis=1)
    values = np.zeros(len(lengths), dtype=np.int64)
    for position in range(width):
        values = np.where(within[:, position], values * 10 + digits[:, position], values)
    return values, done


def _number(cells: np.ndarray, first: int, last: int) -> np.ndarray:
    """The ASCII digits at positions first..last of each row, as a number."""
    value = np.zeros(len(cells), dtype=np.int64)
    for position in range(first, last + 1):
        value = value * 10 + cells[:, position].astype(np.int64) - ord("0")
    return value


def _fast_iso(cells: np.ndarray, lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """ISO-8601 laid out exactly as Thor writes it (2026-01-05T14:30:00.000Z), in range: what
    datetime.fromisoformat reads, to the same instant."""
    values = np.zeros(len(lengths), dtype=np.int64)
    done = lengths == ISO_LENGTH
    if cells.shape[1] < ISO_LENGTH or not done.any():
        return values, done & False
    laid = cells[:, :ISO_LENGTH]
    digits = laid[:, ISO_DIGITS]
    done &= ((digits >= ord("0")) & (digits <= ord("9"))).all(axis=1)
    for position, separator in ISO_SEPARATORS.items():
        done &= laid[:, position] == ord(separator)
    year, month, day = _number(laid, 0, 3), _number(laid, 5, 6), _number(laid, 8, 9)
    hour, minute, second, milli = (_number(laid, 11, 12), _number(laid, 14, 15), _number(laid, 17, 18),
                                   _number(laid, 20, 22))
    done &= (hour < 24) & (minute < 60) & (second < 60)
    # The calendar decides which dates exist, once per distinct date.
    keys, dates = pd.factorize(np.where(done, year * 10_000 + month * 100 + day, 0))
    days = np.zeros(len(dates), dtype=np.int64)
    exists = np.zeros(len(dates), dtype=bool)
    for index, key in enumerate(dates.tolist()):
        try:
            days[index] = date(key // 10_000, key // 100 % 100, key % 100).toordinal() - EPOCH_ORDINAL
            exists[index] = True
        except ValueError:
            pass
    done &= exists[keys]
    values = days[keys] * 86_400_000 + hour * 3_600_000 + minute * 60_000 + second * 1000 + milli
    return np.where(done, values, 0), done


def _fast_timestamps(cells: np.ndarray, lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    values, done = _fast_digits(cells, lengths)
    iso, iso_done = _fast_iso(cells, lengths)
    values = np.where(done, values, iso)
    # Out of the edge's range: left to the edge, which says why.
    return values, (done | iso_done) & (values >= MIN_TS_MS) & (values <= MAX_TS_MS)


# --- Quote files ----------------------------------------------------------------------------------

@dataclass
class _Judged:
    """What the edge said about every cell of a table, per row."""

    symbols: list[str]   # the normalised symbols, sorted
    symbol_id: np.ndarray  # per row: index into `symbols`, -1 when refused
    thirty_seconds: np.ndarray  # per row: the symbol's prices may be written in 32nds
    ts: np.ndarray
    refused: np.ndarray  # per row


class _Judge:
    def __init__(self, table: TextTable, probe: Probe):
        self.table, self.probe = table, probe
        self.refused = np.zeros(len(table), dtype=bool)

    def require(self, field: str) -> None:
        column = self.table.columns[field]
        if column.blank.any():
            self.refused |= ~column.present

    def plain(self, field: str, fast=None) -> Verdicts:
        column = self.table.columns[field]
        verdicts = _verdicts(self.probe, field, column, np.ones(len(column.lengths), dtype=bool), fast=fast)
        if verdicts.refused.any():
            self.refused |= verdicts.refused[column.codes]
        return verdicts

    def symbols(self) -> _Judged:
        column = self.table.columns["symbol"]
        self.require("symbol")
        verdicts = self.plain("symbol")
        symbols = sorted({symbol for symbol in verdicts.values if symbol is not None})
        ids = np.array([symbols.index(symbol) if symbol is not None else -1 for symbol in verdicts.values],
                       dtype=np.int64)
        zb = np.array([symbol in THIRTY_SECONDS_SYMBOLS for symbol in verdicts.values], dtype=bool)
        self.require("ts")
        ts = self.plain("ts", fast=_fast_timestamps)
        return _Judged(symbols, ids[column.codes], zb[column.codes], ts.values[self.table.columns["ts"].codes],
                       self.refused)

    def prices(self, field: str, thirty_seconds: np.ndarray, as_field: str | None = None) -> tuple[Verdicts, Verdicts]:
        """Verdicts for the rows of plain symbols and for those of symbols quoted in 32nds (ZB)."""
        column = self.table.columns[field]

        def judged(rows: np.ndarray, in_32nds: bool) -> Verdicts:
            asked = np.zeros(len(column.lengths), dtype=bool)
            asked[column.codes[rows]] = True
            return _verdicts(self.probe, field, column, asked, as_field=as_field, thirty_seconds=in_32nds)

        plain, zb = judged(~thirty_seconds, False), judged(thirty_seconds, True)
        if plain.refused.any() or zb.refused.any():
            self.refused |= np.where(thirty_seconds, zb.refused[column.codes], plain.refused[column.codes])
        return plain, zb


def _scaled(values: list) -> np.ndarray:
    return np.array([0 if value is None else scaled(value) for value in values], dtype=np.int64)


def _quote_errors(table: TextTable, bad: np.ndarray, aliases: Mapping[str, str]) -> QuoteFileError:
    """The edge's own errors for the first refused rows, with their lines."""
    rows = np.flatnonzero(bad)
    shown = rows[:MAX_DESCRIBED].tolist()
    lines = _lines(table.path, [int(table.rows[row]) for row in shown])
    problems = []
    for row in shown:
        try:
            parse_quotes([table.item(row)], aliases, FILE_CLOCK_MS)
        except QuoteBatchError as exc:
            line = lines.get(int(table.rows[row]))
            problems += [(line, error["field"], error["message"]) for error in exc.errors]
    if len(rows) > len(shown):
        problems.append((None, None, f"{len(rows) - len(shown)} more rows refused"))
    return QuoteFileError(table.path, problems)


def _line(table: TextTable, row: int) -> int | None:
    return _lines(table.path, [int(table.rows[row])]).get(int(table.rows[row]))


def _order_error(table: TextTable, row: int, symbol: str, ts_ms: int, before_ms: int) -> QuoteFileError:
    return QuoteFileError(table.path, [(_line(table, row), "ts", (
        f"{symbol} quote at {iso_utc(from_ms(ts_ms))} is older than the {symbol} quote before it at "
        f"{iso_utc(from_ms(before_ms))}: each symbol's quotes must be in time order"))])


def _by_symbol(judged: _Judged) -> dict[str, np.ndarray]:
    """Each symbol's rows, in file order (rows of a refused symbol are in none)."""
    # A stable sort of small ints is a radix sort: linear in the rows.
    order = np.argsort(judged.symbol_id.astype(np.int16), kind="stable")
    bounds = np.cumsum([np.count_nonzero(judged.symbol_id < 0), *np.bincount(
        judged.symbol_id[judged.symbol_id >= 0], minlength=len(judged.symbols))])
    return {symbol: order[bounds[i]:bounds[i + 1]] for i, symbol in enumerate(judged.symbols)}


def _quote_file(path: Path, probe: Probe, aliases: Mapping[str, str]) -> tuple[dict[str, Series], TextTable,
                                                                                dict[str, np.ndarray]]:
    table = _read_table(path, QUOTE_FIELDS, REQUIRED, edge_reader=lambda path: read_batches(path, aliases))
    judge = _Judge(table, probe)
    judged = judge.symbols()
    zb = judged.thirty_seconds
    for field in ("bid", "ask"):
        judge.require(field)
    values: dict[str, tuple[list | np.ndarray, list | np.ndarray]] = {}  # field: (plain, in 32nds)
    for field in table.fields:
        if field in PRICE_FIELDS:
            plain, thirty = judge.prices(field, zb)
            values[field] = (plain.values, thirty.values)
        elif field in SIZE_FIELDS or field == "source":
            verdicts = judge.plain(field, fast=_fast_digits if field in SIZE_FIELDS else None)
            values[field] = (verdicts.values, verdicts.values)
    scaled_values = {field: tuple(map(_scaled, values[field])) for field in ("bid", "ask")}
    rows_of, prices = _by_symbol(judged), {}
    refused = judge.refused.copy()
    for symbol, rows in rows_of.items():
        which = int(symbol in THIRTY_SECONDS_SYMBOLS)
        bid, ask = (scaled_values[field][which][table.columns[field].codes[rows]] for field in ("bid", "ask"))
        refused[rows[ask < bid]] = True
        prices[symbol] = bid, ask
    if refused.any():
        raise _quote_errors(table, refused, aliases)

    series = {}
    for symbol, rows in rows_of.items():
        ts = judged.ts[rows]
        backwards = np.flatnonzero(ts[1:] < ts[:-1])
        if backwards.size:
            i = int(backwards[0]) + 1
            raise _order_error(table, int(rows[i]), symbol, int(ts[i]), int(ts[i - 1]))
        in_32nds = symbol in THIRTY_SECONDS_SYMBOLS
        fields = {}
        for field in ("bid", "ask", *OPTIONAL_FIELDS):
            if field not in values:
                fields[field] = Column(np.broadcast_to(np.int64(ABSENT), (len(rows),)), [])
                continue
            plain, thirty = values[field]
            codes = table.columns[field].codes_of(rows)
            if field in SIZE_FIELDS:  # nearly one distinct size per row: kept per row, not shared by symbols
                present = codes != ABSENT
                fields[field] = Column(np.where(present, np.arange(len(rows)), ABSENT),
                                       plain[np.where(present, codes, 0)])
            else:
                fields[field] = Column(codes, thirty if in_32nds else plain)
        series[symbol] = Series(ts, *prices[symbol], fields)
    return series, table, rows_of


def load_quotes(paths: Sequence[Path | str], aliases: Mapping[str, str]) -> MemoryQuoteBus:
    """Every quote of the files, validated like the feed edge, as a MemoryQuoteBus.

    Files are taken in the given order; each symbol's quotes must run forward
    in time through them (the quote bus refuses a quote older than the
    newest), so per-day files go oldest first. Raises QuoteFileError naming
    the file, line and field of the first refused rows.
    """
    probe = Probe(aliases)
    held: dict[str, Series] = {}
    for path in map(Path, paths):
        series, table, rows_of = _quote_file(path, probe, aliases)
        for symbol, more in series.items():
            before = held.get(symbol)
            if before is not None and more.ts[0] < before.ts[-1]:
                raise _order_error(table, int(rows_of[symbol][0]), symbol, int(more.ts[0]), int(before.ts[-1]))
            held[symbol] = more if before is None else before.then(more)
    return MemoryQuoteBus(held)


# --- Bar files ------------------------------------------------------------------------------------

def _bar_errors(table: TextTable, bad: np.ndarray, probe: Probe, thirty_seconds: np.ndarray) -> QuoteFileError:
    """Each refused cell of the first refused rows, in the edge's words (a bar price is judged as a bid)."""
    rows = np.flatnonzero(bad)
    shown = rows[:MAX_DESCRIBED].tolist()
    lines = _lines(table.path, [int(table.rows[row]) for row in shown])
    problems = []
    for row in shown:
        line = lines.get(int(table.rows[row]))
        for field in table.fields:
            column = table.columns[field]
            text = column.text(int(column.codes[row]))
            if not text:
                if field in BAR_REQUIRED:
                    problems.append((line, field, "required"))
                continue
            as_field = "bid" if field in BAR_PRICES else field
            for message in probe.errors(text, as_field, thirty_seconds=bool(thirty_seconds[row])):
                problems.append((line, field, message))
    if len(rows) > len(shown):
        problems.append((None, None, f"{len(rows) - len(shown)} more rows refused"))
    return QuoteFileError(table.path, problems)


@dataclass
class _BarRows:
    """One symbol's bars from one file, scaled, and where they came from."""

    table: TextTable
    rows: np.ndarray
    columns: dict[str, np.ndarray]  # ts and the four prices


def _bar_file(path: Path, probe: Probe) -> dict[str, _BarRows]:
    table = _read_table(path, BAR_FIELDS, BAR_REQUIRED)
    judge = _Judge(table, probe)
    judged = judge.symbols()
    zb = judged.thirty_seconds
    prices = {}
    for field in BAR_PRICES:
        judge.require(field)
        plain, thirty = judge.prices(field, zb, as_field="bid")
        codes = table.columns[field].codes
        prices[field] = np.where(zb, _scaled(thirty.values)[codes], _scaled(plain.values)[codes])
    if "volume" in table.fields:
        judge.plain("volume", fast=_fast_digits)
    if judge.refused.any():
        raise _bar_errors(table, judge.refused, probe, zb)
    return {symbol: _BarRows(table, rows, {"ts": judged.ts[rows], **{f: prices[f][rows] for f in BAR_PRICES}})
            for symbol, rows in _by_symbol(judged).items()}


def _bar_path(symbol: str, parts: list[_BarRows]) -> BarPath:
    arrays = [np.concatenate([part.columns[name] for part in parts]) for name in ("ts", *BAR_PRICES)]
    try:
        return BarPath(*arrays)
    except ValueError:
        pass
    # BarPath refuses the whole series; the shortest refused prefix ends at the bar to blame.
    low, high = 1, len(arrays[0])
    while low < high:
        middle = (low + high) // 2
        try:
            BarPath(*(values[:middle] for values in arrays))
            low = middle + 1
        except ValueError:
            high = middle
    try:
        BarPath(*(values[:low] for values in arrays))
    except ValueError as exc:
        message = str(exc)
    index = low - 1
    for part in parts:
        if index < len(part.rows):
            table, row = part.table, int(part.rows[index])
            break
        index -= len(part.rows)
    raise QuoteFileError(table.path, [(_line(table, row), None, f"{symbol}: {message}")])


def load_bars(paths: Sequence[Path | str], aliases: Mapping[str, str]) -> dict[str, BarPath]:
    """Every symbol's 1-minute bars from the files (in the given order), checked like quotes at the
    edge (a bar's prices as a bid) and by BarPath (time order, low ≤ open, close ≤ high)."""
    probe = Probe(aliases)
    parts: dict[str, list[_BarRows]] = {}
    for path in map(Path, paths):
        for symbol, rows in _bar_file(path, probe).items():
            parts.setdefault(symbol, []).append(rows)
    return {symbol: _bar_path(symbol, symbol_parts) for symbol, symbol_parts in parts.items()}

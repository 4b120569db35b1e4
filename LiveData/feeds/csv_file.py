"""Quote files: CSV (optionally gzipped) whose header names the quote fields of the ingest contract.

Reading goes through `parse_quotes`, the one edge validation, so a file row
is accepted or rejected exactly like the same quote posted to
`/api/feed/quotes`. Cells reach the validator as the text they hold (it
reads numeric text, epoch milliseconds and ZB's 32nds), and its errors come
back with the file line added.
"""
import csv
import gzip
import zlib
from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path

from LiveData.quotes import PRICE_FIELDS, SIZE_FIELDS, Quote, from_ms, to_ms
from LiveData.validation import QuoteBatchError, parse_quotes
from thor_backend.formats import iso_utc

FIELDS = ("symbol", "ts", "bid", "ask", *(f for f in PRICE_FIELDS if f not in ("bid", "ask")), *SIZE_FIELDS, "source")
REQUIRED = ("symbol", "ts", "bid", "ask")
BATCH_SIZE = 500
MAX_DESCRIBED = 10  # problems spelled out in an error message; all are kept in `.problems`
# A file is replayed on its own clock: a batch is published when the replay
# reaches its newest row, so no row is ever ahead of the replay's "now" and
# the ingest's future-timestamp check has nothing to catch. Validating with
# a clock at the end of time says exactly that, and old files replay as well
# as new ones.
FILE_CLOCK_MS = to_ms(datetime(9000, 1, 1, tzinfo=timezone.utc))


class QuoteFileError(ValueError):
    """Rows of a quote file that cannot be replayed; the message names each file line and field."""

    def __init__(self, path: Path | str, problems: list[tuple[int | None, str | None, str]]):
        self.path = str(path)
        self.problems = problems
        described = "; ".join(
            (f"line {line}" if line else "batch") + (f", field {field!r}" if field else "") + f": {message}"
            for line, field, message in problems[:MAX_DESCRIBED]
        )
        more = len(problems) - MAX_DESCRIBED
        super().__init__(f"{self.path}: {described}" + (f"; and {more} more" if more > 0 else ""))


def _open(path: Path, mode: str):
    # Reading as utf-8-sig drops the byte-order mark spreadsheet programs put first.
    encoding = "utf-8-sig" if mode == "r" else "utf-8"
    if path.suffix == ".gz":
        return gzip.open(path, mode + "t", newline="", encoding=encoding)
    return open(path, mode, newline="", encoding=encoding)


def _fields(path: Path, header: list[str] | None) -> list[str]:
    if header is None:
        raise QuoteFileError(path, [(1, None, "the file is empty; the first line must name the quote fields")])
    fields = [name.strip() for name in header]
    problems = [
        (1, name, f"unknown column (quote fields are {', '.join(FIELDS)})")
        for name in fields if name not in FIELDS
    ]
    problems += [(1, name, "column missing from the header") for name in REQUIRED if name not in fields]
    problems += [(1, name, "column appears twice") for name in set(fields) if fields.count(name) > 1]
    if problems:
        raise QuoteFileError(path, problems)
    return fields


def _validated(path: Path, items: list[dict], lines: list[int], aliases: Mapping[str, str]) -> list[Quote]:
    try:
        return parse_quotes(items, aliases, FILE_CLOCK_MS)
    except QuoteBatchError as exc:
        raise QuoteFileError(
            path, [(_line(lines, error["index"]), error["field"], error["message"]) for error in exc.errors]
        ) from None


def _line(lines: list[int], index: int | None) -> int | None:
    return None if index is None else lines[index]


def read_batches(path: Path | str, aliases: Mapping[str, str], batch_size: int = BATCH_SIZE) -> Iterator[list[Quote]]:
    """Validated quotes of the file in batches of up to `batch_size`, in file order.

    Raises QuoteFileError at the first batch holding a bad row (or at
    unreadable content): the batches before it were good and have been
    yielded, nothing of that one is. Empty cells are absent fields; blank
    lines are skipped. A missing file raises OSError before anything is read.
    """
    path = Path(path)
    with _open(path, "r") as handle:
        reader = csv.reader(handle)
        try:
            yield from _batches(path, reader, aliases, batch_size)
        except (csv.Error, UnicodeDecodeError, OSError, EOFError, zlib.error) as exc:
            raise QuoteFileError(path, [(None, None, f"unreadable after line {reader.line_num}: {exc}")]) from None


def _batches(path: Path, reader, aliases: Mapping[str, str], batch_size: int) -> Iterator[list[Quote]]:
    fields = _fields(path, next(reader, None))
    items: list[dict] = []
    lines: list[int] = []
    for row in reader:
        cells = [cell.strip() for cell in row]
        if not any(cells):
            continue
        if len(cells) > len(fields):
            problem = f"{len(cells)} cells but the header names {len(fields)} columns"
            raise QuoteFileError(path, [(reader.line_num, None, problem)])
        items.append({field: text for field, text in zip(fields, cells) if text})
        lines.append(reader.line_num)
        if len(items) == batch_size:
            yield _validated(path, items, lines, aliases)
            items, lines = [], []
    if items:
        yield _validated(path, items, lines, aliases)


def _text(field: str, value: object) -> str:
    if value is None:
        return ""
    if field == "ts":
        return iso_utc(from_ms(value))
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def write_csv(path: Path | str, quotes: Iterable[Quote]) -> int:
    """Write `quotes` as a quote file (gzipped when the name ends in .gz); returns the row count."""
    path = Path(path)
    count = 0
    with _open(path, "w") as handle:
        writer = csv.writer(handle)
        writer.writerow(FIELDS)
        for quote in quotes:
            writer.writerow([_text(field, getattr(quote, "ts_ms" if field == "ts" else field)) for field in FIELDS])
            count += 1
    return count

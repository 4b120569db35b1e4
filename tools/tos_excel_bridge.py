#!/usr/bin/env python3
"""Thinkorswim Excel → Thor: post the quotes of a TOS RTD sheet to Thor's ingest endpoint.

Runs on the trader's Windows PC beside the open workbook. Needs Python 3.10+
and xlwings (`pip install xlwings`); nothing else, no Thor code.

    python tos_excel_bridge.py --url http://thor:8000 --token TOKEN \\
        --workbook CleanData.xlsm --sheet Futures --range A1:N12

Every --interval seconds it reads the range (first row: the headers Symbol,
Close, Open, NetChange, 24High, 24Low, 52WkHigh, 52WkLow, Volume, Bid, Last,
Ask, BidSize, AskSize, in any order), stamps the read time, and posts the
rows that changed since the last post. Every row is posted again at least
every --resend seconds, so Thor sees a quiet market as quiet, not as a
stale feed. Thor normalises the symbols ("/YM" → YM) and validates
everything; a rejected batch is logged with Thor's explanation.
"""
import argparse
import json
import logging
import os
import re
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from datetime import datetime
from decimal import Decimal

log = logging.getLogger("tos_excel_bridge")

SOURCE = "TOS_RTD_Excel"
# Thinkorswim column header → Thor quote field.
HEADER_FIELDS = {
    "Symbol": "symbol", "Close": "prev_close", "Open": "open", "NetChange": "change",
    "24High": "high_24h", "24Low": "low_24h", "52WkHigh": "high_52w", "52WkLow": "low_52w",
    "Volume": "volume", "Bid": "bid", "Last": "last", "Ask": "ask", "BidSize": "bid_size", "AskSize": "ask_size",
}
SIZE_FIELDS = frozenset({"volume", "bid_size", "ask_size"})
ABSENT = frozenset({"", "n/a", "#n/a", "na"})
_NUMBER = re.compile(r"[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d*)?|[+-]?\.\d+")


def _header_key(text: object) -> str:
    return re.sub(r"[\s_-]", "", str(text or "")).lower()


_FIELD_BY_KEY = {_header_key(name): field for name, field in HEADER_FIELDS.items()}


def _columns(header: Sequence) -> dict[int, str]:
    """Column index → quote field, found by header name (case and spaces do not matter)."""
    keys = [_header_key(cell) for cell in header]
    columns = {index: _FIELD_BY_KEY[key] for index, key in enumerate(keys) if key in _FIELD_BY_KEY}
    missing = [name for name in ("Symbol", "Bid", "Ask") if HEADER_FIELDS[name] not in columns.values()]
    if missing:
        raise ValueError(f"the range's header row has no {', '.join(missing)} column (found: {list(header)})")
    return columns


def _symbol(cell: object) -> str:
    # TOS writes "/YM:XCBT"; the exchange suffix means nothing to Thor.
    return str(cell or "").split(":", 1)[0].strip()


def _value(field: str, cell: object) -> object:
    """The JSON value for one cell; None for an empty or N/A cell.

    Excel numbers become exact Decimals (whole numbers for sizes), numeric
    text may carry thousands separators ("47,388"); any other text — ZB's
    32nds such as "117'16" — is passed on for Thor to read or reject.
    """
    if cell is None or isinstance(cell, bool):
        return None
    if isinstance(cell, (int, float)):
        number = Decimal(repr(cell)) if isinstance(cell, float) else Decimal(cell)
    else:
        text = str(cell).strip()
        if text.lower() in ABSENT:
            return None
        if not _NUMBER.fullmatch(text):
            return text
        number = Decimal(text.replace(",", ""))
    if field in SIZE_FIELDS and number == number.to_integral_value():
        return int(number)
    return number


def rows_to_quotes(header: list, rows: list[list], read_at: datetime) -> list[dict]:
    """Quote dicts (Thor's ingest field names) for the rows of a TOS RTD range.

    Blank rows are skipped, and so is a row without a bid or an ask (TOS
    shows N/A until the data arrives): one such row must not get the whole
    batch refused. Every quote is stamped `read_at` (aware; sent with its
    UTC offset).
    """
    if read_at.tzinfo is None:
        raise ValueError("read_at must be timezone-aware")
    ts = read_at.isoformat(timespec="milliseconds")
    columns = _columns(header)
    quotes = []
    for row in rows:
        quote: dict = {}
        for index, field in columns.items():
            cell = row[index] if index < len(row) else None
            value = _symbol(cell) if field == "symbol" else _value(field, cell)
            if value not in (None, ""):
                quote[field] = value
        if "symbol" in quote and "bid" in quote and "ask" in quote:
            quotes.append({"symbol": quote.pop("symbol"), "ts": ts, **quote, "source": SOURCE})
    return quotes


def changed_rows(previous: Mapping[str, dict], current: list[dict]) -> list[dict]:
    """The quotes of `current` whose values (the time stamp aside) differ from `previous[symbol]`.

    `previous` maps each symbol to the quote last posted for it.
    """
    def values(quote: Mapping) -> dict:
        return {field: value for field, value in quote.items() if field != "ts"}

    return [
        quote for quote in current
        if quote["symbol"] not in previous or values(previous[quote["symbol"]]) != values(quote)
    ]


def _json_number(value: object) -> float:
    if isinstance(value, Decimal):
        # A Decimal of at most 15 significant digits prints back as the same
        # text from a float, so the JSON number is the exact price.
        return float(value)
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def encode_quotes(quotes: list[dict]) -> bytes:
    return json.dumps(quotes, default=_json_number).encode()


class PostFailed(Exception):
    """Thor did not take the batch; the message carries its answer."""


def post_quotes(url: str, token: str, quotes: list[dict], timeout: float = 10) -> int:
    """POST `quotes` to `<url>/api/feed/quotes`; returns how many Thor accepted."""
    request = urllib.request.Request(
        url.rstrip("/") + "/api/feed/quotes", data=encode_quotes(quotes), method="POST",
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return json.loads(response.read() or b"{}").get("accepted", len(quotes))
    except urllib.error.HTTPError as exc:
        raise PostFailed(f"HTTP {exc.code}: {exc.read()[:2000].decode(errors='replace')}") from None
    except (urllib.error.URLError, OSError) as exc:
        raise PostFailed(f"cannot reach {url}: {exc}") from None


def open_range(workbook: str, sheet: str, cells: str):
    """The xlwings range of an open (or openable) workbook."""
    import xlwings  # only on the trader's PC; imported here so the parsing runs anywhere

    return xlwings.Book(workbook).sheets[sheet].range(cells).options(ndim=2)


class Bridge:
    """One reading of the range per `cycle()`, posting what changed since the last post."""

    def __init__(self, source, url: str, token: str, resend_s: float):
        self.source = source  # anything with a 2-D `.value`, header row first (an xlwings range)
        self.url, self.token, self.resend_s = url, token, resend_s
        self.previous: dict[str, dict] = {}
        self.resent_at = time.monotonic()

    def cycle(self) -> int:
        """Read, stamp, post the changed rows; returns how many were posted. Raises PostFailed."""
        header, *rows = self.source.value
        quotes = rows_to_quotes(header, rows, datetime.now().astimezone())
        if time.monotonic() - self.resent_at >= self.resend_s:
            self.previous, self.resent_at = {}, time.monotonic()
        changed = changed_rows(self.previous, quotes)
        if changed:
            post_quotes(self.url, self.token, changed)
            self.previous.update((quote["symbol"], quote) for quote in changed)
        return len(changed)


def run(args: argparse.Namespace) -> None:
    bridge = Bridge(open_range(args.workbook, args.sheet, args.range), args.url, args.token, args.resend)
    log.info("reading %s!%s of %s every %ss, posting to %s", args.sheet, args.range, args.workbook,
             args.interval, args.url)
    while True:
        try:
            posted = bridge.cycle()
        except PostFailed as exc:
            log.error("batch not posted: %s", exc)
        except ValueError:
            raise  # the range does not have the expected layout: stop and say so
        except Exception as exc:  # Excel refuses reads while a cell is being edited, or was closed
            log.warning("cannot read %s!%s: %s", args.sheet, args.range, exc)
        else:
            log.debug("posted %d rows", posted)
        time.sleep(args.interval)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", required=True, help="Thor's address, e.g. http://thor:8000")
    parser.add_argument("--token", default=os.environ.get("THOR_FEED_TOKEN"),
                        help="feed token (default: the THOR_FEED_TOKEN environment variable)")
    parser.add_argument("--workbook", default="CleanData.xlsm", help="workbook name or path")
    parser.add_argument("--sheet", default="Futures")
    parser.add_argument("--range", default="A1:N12", help="the RTD range, header row first")
    parser.add_argument("--interval", type=float, default=1.0, help="seconds between reads")
    parser.add_argument("--resend", type=float, default=30.0, help="post unchanged rows again after this many seconds")
    args = parser.parse_args(argv)
    if not args.token:
        parser.error("no feed token: pass --token or set THOR_FEED_TOKEN")
    if args.interval <= 0 or args.resend <= 0:
        parser.error("--interval and --resend must be positive")
    return args


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    args = parse_args(argv)
    try:
        run(args)
    except KeyboardInterrupt:
        log.info("stopped")
    except ValueError as exc:
        log.error("%s", exc)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

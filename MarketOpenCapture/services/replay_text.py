"""The cells of a CSV file as codes into their distinct texts, without a Python object per cell.

A month of quotes is some ten million rows. Making a Python string of every
cell and hashing it (pandas' reader, then factorize) costs more than all the
rest of a replay, so files as Thor and most tools write them (no quoting,
"\\n" or "\\r\\n" line ends, every row with as many cells as the header)
are split by numpy: each cell's bytes are read as little-endian 8-byte
words, and equal cells are found by factorizing the words. Any other file
is read by pandas. Both give the same `TextColumn`s, and a cell's text is
what the edge sees: decoded as UTF-8 and stripped.
"""
import gzip
import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

from LiveData.bus.memory import ABSENT

BOM = b"\xef\xbb\xbf"
MAX_WIDTH = 80  # wider cells (no quote field needs them; a source is at most 64) go to pandas
PADDING = 1 + MAX_WIDTH + 8  # a last line end, then room to read a cell's words past the data
BLOCK = 16 << 20
WHITESPACE = b" \t\x0b\x0c\r"
# Masks keeping the first k bytes of a little-endian word, k = 0..8.
KEEP = np.array([(1 << (8 * k)) - 1 for k in range(9)], dtype=np.uint64)
MIX_1, MIX_2 = np.uint64(0xBF58476D1CE4E5B9), np.uint64(0x94D049BB133111EB)


class Unsplittable(ValueError):
    """A file the numpy splitter does not take (quoting, ragged rows, a lone CR, very wide cells)."""


class Unreadable(ValueError):
    """Bytes the edge's reader refuses too: not UTF-8, or a NUL."""


@dataclass
class TextColumn:
    """One column: per row the code of its cell, and per code the cell's bytes (zero-padded)."""

    codes: np.ndarray
    cells: np.ndarray  # (distinct, width) uint8
    lengths: np.ndarray  # (distinct,) byte lengths

    def text(self, code: int) -> str:
        return bytes(self.cells[code, :self.lengths[code]]).decode("utf-8").strip()

    def texts(self, codes: Sequence[int]) -> list[str]:
        return [self.text(code) for code in codes]

    @cached_property
    def blank(self) -> np.ndarray:
        """Per code: the cell is empty once stripped."""
        within = np.arange(self.cells.shape[1]) < self.lengths[:, None]
        spaces = np.isin(self.cells, np.frombuffer(WHITESPACE, dtype=np.uint8))
        maybe = ((spaces | (self.cells >= 0x80)) | ~within).all(axis=1)  # non-ASCII may be Unicode space
        blank = np.zeros(len(self.lengths), dtype=bool)
        candidates = np.flatnonzero(maybe)
        blank[candidates] = [not self.text(code) for code in candidates.tolist()]
        return blank

    @property
    def present(self) -> np.ndarray:
        """Per row: the cell holds something."""
        return ~self.blank[self.codes]

    def take(self, rows: np.ndarray) -> "TextColumn":
        return TextColumn(self.codes[rows], self.cells, self.lengths)

    def codes_of(self, rows: np.ndarray) -> np.ndarray:
        """The codes of `rows`, ABSENT where the cell is empty."""
        codes = self.codes[rows]
        return np.where(self.blank[codes], ABSENT, codes) if self.blank.any() else codes


def _mixed(words: list[np.ndarray]) -> np.ndarray:
    """One 64-bit hash of several words per row (splitmix64 steps), to factorize them in one pass."""
    hashed = np.zeros(len(words[0]), dtype=np.uint64)
    for word in words:
        hashed = (hashed ^ word) * MIX_1
        hashed = (hashed ^ (hashed >> np.uint64(31))) * MIX_2
        hashed ^= hashed >> np.uint64(29)
    return hashed


def _first_rows(codes: np.ndarray, count: int) -> np.ndarray:
    first = np.empty(count, dtype=np.int64)
    first[codes[::-1]] = np.arange(len(codes) - 1, -1, -1)  # the last write wins: each code's first row
    return first


def _factorize_words(words: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Codes of equal rows of several uint64 columns, and the words of each code (distinct, count)."""
    if len(words) == 1:
        codes, uniques = pd.factorize(words[0].view(np.int64))
        return codes, uniques.view(np.uint64)[:, None]
    codes, uniques = pd.factorize(_mixed(words).view(np.int64))
    first = _first_rows(codes, len(uniques))
    table = np.stack([word[first] for word in words], axis=1)
    if all((word == table[codes, index]).all() for index, word in enumerate(words)):
        return codes, table
    # Two different cells with one hash (about never): pair the codes of each word exactly instead.
    codes, uniques = pd.factorize(words[0].view(np.int64))
    for word in words[1:]:
        more, found = pd.factorize(word.view(np.int64))
        codes, _ = pd.factorize(codes * len(found) + more)  # each code is below the row count
    first = _first_rows(codes, int(codes.max(initial=-1)) + 1)
    return codes, np.stack([word[first] for word in words], axis=1)


def _column(words: np.ndarray, starts: np.ndarray, lengths: np.ndarray) -> TextColumn:
    """The column whose cells begin at `starts` in the byte buffer seen through `words`."""
    count = max(1, -(-int(lengths.max(initial=0)) // 8))
    parts = [words[starts + 8 * word] & KEEP[np.clip(lengths - 8 * word, 0, 8)] for word in range(count)]
    codes, table = _factorize_words(parts)
    cells = np.ascontiguousarray(table).view(np.uint8).reshape(len(table), 8 * count)
    # No cell holds a NUL byte, so a cell's length is its count of non-zero bytes.
    return TextColumn(codes, cells, np.count_nonzero(cells, axis=1))


def _read(path: Path) -> tuple[np.ndarray, int, int]:
    """The file's bytes, then a line end and zero padding; where the data begins (after a BOM) and ends."""
    if path.suffix == ".gz":
        with gzip.open(path, "rb") as handle:
            data = handle.read()
        size = len(data)
        buffer = np.zeros(size + PADDING, dtype=np.uint8)
        buffer[:size] = np.frombuffer(data, dtype=np.uint8)
    else:
        size = path.stat().st_size
        buffer = np.empty(size + PADDING, dtype=np.uint8)
        with open(path, "rb", buffering=0) as handle:
            view, done = memoryview(buffer), 0
            while done < size:
                read = handle.readinto(view[done:size])
                if not read:
                    raise Unreadable("the file shrank while it was read")
                done += read
        buffer[size:] = 0
    buffer[size] = ord("\n")
    begin = len(BOM) if bytes(buffer[:len(BOM)]) == BOM else 0
    return buffer, begin, size


def _positions(buffer: np.ndarray, begin: int, end: int, byte: int) -> np.ndarray:
    """Offsets of `byte` in buffer[begin:end], scanned in blocks so that no temporary is large
    (int32 when the buffer allows: a month's commas are tens of millions)."""
    kind = np.int32 if len(buffer) < 2**31 else np.int64
    parts = [(np.flatnonzero(buffer[start:min(start + BLOCK, end)] == byte) + start).astype(kind)
             for start in range(begin, end, BLOCK)]
    return np.concatenate(parts) if parts else np.zeros(0, dtype=kind)


def _count(buffer: np.ndarray, begin: int, end: int, byte: int) -> int:
    return sum(int(np.count_nonzero(buffer[start:min(start + BLOCK, end)] == byte))
               for start in range(begin, end, BLOCK))


def _check(buffer: np.ndarray, begin: int, size: int) -> None:
    if size > begin and buffer[begin:size].max() >= 0x80:
        try:
            bytes(buffer[begin:size]).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise Unreadable(str(exc)) from None
    if _count(buffer, begin, size, 0):
        raise Unreadable("a NUL byte")
    if _count(buffer, begin, size, ord('"')):
        raise Unsplittable("quoted cells")


def split(path: Path, width: int) -> tuple[dict[int, TextColumn], np.ndarray]:
    """Columns 0..width-1 of the rows after the header, and each row's record number.

    Blank lines are dropped (they are records all the same, as for the csv
    module). Raises Unsplittable for a file this splitter does not take, and
    Unreadable for bytes the edge's reader refuses too.
    """
    buffer, begin, size = _read(path)
    _check(buffer, begin, size)
    ends = _positions(buffer, begin, size + 1, ord("\n"))
    starts = np.r_[begin, ends[:-1] + 1]
    if starts[-1] == size:  # the file ended with a line end: no last line after it
        starts, ends = starts[:-1], ends[:-1]
    crlf = (ends > starts) & (buffer[np.maximum(ends - 1, 0)] == ord("\r"))
    if _count(buffer, begin, size, ord("\r")) != np.count_nonzero(crlf):
        raise Unsplittable("a carriage return that does not end a line")
    ends = ends - crlf
    data_begin = int(starts[1]) if len(starts) > 1 else size
    starts, ends = starts[1:], ends[1:]  # the header is read by the csv module
    records = np.flatnonzero(ends > starts)  # blank lines hold no cells
    starts, ends = starts[records], ends[records]
    commas = _positions(buffer, data_begin, size, ord(","))
    if len(commas) != len(starts) * (width - 1):
        raise Unsplittable("a row whose cells do not match the header")
    # The commas in order, row by row: a row holding too many or too few puts a comma outside its row.
    grid = commas.reshape(len(starts), width - 1)
    if width > 1 and len(starts) and ((grid[:, 0] < starts) | (grid[:, -1] > ends)).any():
        raise Unsplittable("a row whose cells do not match the header")
    # Every offset seen as a little-endian uint64 of the 8 bytes starting there.
    words = np.ndarray((len(buffer) - 7,), dtype="<u8", buffer=buffer, strides=(1,))

    def column(index: int) -> TextColumn:
        cell_starts = starts if index == 0 else grid[:, index - 1] + 1
        cell_lengths = (ends if index == width - 1 else grid[:, index]) - cell_starts
        if len(cell_lengths) and cell_lengths.max() > MAX_WIDTH:
            raise Unsplittable(f"a cell wider than {MAX_WIDTH} bytes")
        return _column(words, cell_starts, cell_lengths)

    # numpy and pandas' hashing release the GIL: the columns split on every core.
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        return dict(enumerate(pool.map(column, range(width)))), records


def from_pandas(values: np.ndarray) -> TextColumn:
    """A column of Python strings (pandas' reader) as a TextColumn."""
    codes, uniques = pd.factorize(values)
    encoded = [text.encode("utf-8") for text in uniques.tolist()]
    lengths = np.array([len(cell) for cell in encoded], dtype=np.int64)
    width = max(8, int(lengths.max(initial=0)))
    cells = np.frombuffer(b"".join(cell.ljust(width, b"\0") for cell in encoded), dtype=np.uint8)
    return TextColumn(codes.astype(np.int64, copy=False), cells.reshape(len(encoded), width), lengths)

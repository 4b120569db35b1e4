"""Exact prices as int64 for numpy: a Decimal × 10^8, refused when it does not fit.

Grading compares thousands of prices with a target; doing that on floats
would let 0.03125 + 0.1 style rounding decide a touch, and doing it on
Decimals would cost a Python call per quote. Scaled integers are exact and
vectorise. 10^8 matches the 8 decimal places prices are stored with.
"""
from collections.abc import Iterable
from decimal import Decimal

import numpy as np

SCALE_DIGITS = 8
SCALE = 10**SCALE_DIGITS
_INT64_MAX = int(np.iinfo(np.int64).max)


def to_scaled(price: Decimal) -> int:
    """`price` × 10^8 as an int, exactly; ValueError if that is not a whole int64."""
    if isinstance(price, Decimal):
        if not price.is_finite():
            raise ValueError(f"price must be finite, got {price}")
    elif type(price) is not int:
        # A float has already lost the exact price; refuse it rather than guess.
        raise TypeError(f"price must be a Decimal, got {type(price).__name__} {price!r}")
    numerator, denominator = price.as_integer_ratio()
    scaled, remainder = divmod(numerator * SCALE, denominator)
    if remainder:
        raise ValueError(f"price {price} has more than {SCALE_DIGITS} decimal places")
    if not -_INT64_MAX <= scaled <= _INT64_MAX:
        raise ValueError(f"price {price} is too large to grade")
    return scaled


def scale_all(prices: Iterable[Decimal]) -> np.ndarray:
    """Scaled int64 array of many prices (feeds repeat prices, so each distinct one is converted once)."""
    seen: dict[Decimal, int] = {}
    out = []
    for price in prices:
        # Only finite Decimals are cached: a float equal to a cached Decimal must still be refused.
        cacheable = type(price) is Decimal and price.is_finite()
        scaled = seen.get(price) if cacheable else None
        if scaled is None:
            scaled = to_scaled(price)
            if cacheable:
                seen[price] = scaled
        out.append(scaled)
    return np.array(out, dtype=np.int64)


def from_scaled(scaled: int) -> Decimal:
    """The Decimal a scaled int stands for, without trailing zeros (44012, 0.03125)."""
    price = Decimal(int(scaled)).scaleb(-SCALE_DIGITS).normalize()
    # normalize() writes 44000 as 4.4E+4; keep plain notation for people and JSON.
    return price.quantize(1) if price.as_tuple().exponent > 0 else price


def int64_array(name: str, values) -> np.ndarray:
    """`values` as a 1-D int64 array; floats and other types are refused, not truncated."""
    array = np.asarray(values)
    if array.size == 0:
        return np.zeros(0, dtype=np.int64)
    if array.ndim != 1 or array.dtype.kind not in "iu":
        raise TypeError(f"{name} must be a 1-D sequence of integers, got {array.dtype} with shape {array.shape}")
    return array.astype(np.int64, copy=False)

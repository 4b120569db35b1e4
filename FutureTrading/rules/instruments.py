"""The instruments Thor watches and the seeded defaults of SPEC §1.

`SPEC_INSTRUMENTS` is the one source the seed command copies into the
database; everything at run time reads the (admin-editable) database rows,
turned back into `InstrumentSpec` values by `SymbolConfig.to_spec()`.
"""
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from decimal import Decimal

DECIMAL_FIELDS = (
    "tick_size", "tick_value", "strong_buy", "buy", "sell", "strong_sell",
    "contract_weight", "take_profit_usd", "stop_loss_usd",
)
POSITIVE_FIELDS = ("tick_size", "tick_value", "take_profit_usd", "stop_loss_usd")
# Lowest first: classification needs strong_sell ≤ sell ≤ buy ≤ strong_buy.
THRESHOLD_ORDER = ("strong_sell", "sell", "buy", "strong_buy")
MAX_DISPLAY_PRECISION = 10
SYMBOL_PATTERN = re.compile(r"[A-Z0-9]{1,10}")


class InvalidSpec(ValueError):
    """An instrument definition that the rules cannot work with."""


def spec_errors(values: Mapping[str, object]) -> dict[str, str]:
    """Field → problem for an instrument definition; empty when it is usable.

    Shared by `InstrumentSpec` and the admin's model validation, so a row an
    operator saves is exactly a row the rules accept.
    """
    errors: dict[str, str] = {}
    symbol = values.get("symbol")
    if not isinstance(symbol, str) or not SYMBOL_PATTERN.fullmatch(symbol):
        errors["symbol"] = f"must be 1-10 upper-case letters or digits, got {symbol!r}"
    name = values.get("name")
    if not isinstance(name, str) or not name.strip():
        errors["name"] = f"must be a non-empty text, got {name!r}"
    if type(values.get("bear")) is not bool:
        errors["bear"] = f"must be True or False, got {values.get('bear')!r}"
    for name in DECIMAL_FIELDS:
        value = values.get(name)
        if not isinstance(value, Decimal) or not value.is_finite():
            errors[name] = f"must be a finite Decimal, got {value!r}"
        elif name in POSITIVE_FIELDS and value <= 0:
            errors[name] = f"must be greater than 0, got {value}"
    precision = values.get("display_precision")
    if type(precision) is not int or not 0 <= precision <= MAX_DISPLAY_PRECISION:
        errors["display_precision"] = f"must be an integer from 0 to {MAX_DISPLAY_PRECISION}, got {precision!r}"
    for lower, higher in zip(THRESHOLD_ORDER, THRESHOLD_ORDER[1:]):
        if lower in errors or higher in errors:
            continue
        if values[lower] > values[higher]:
            errors[lower] = (
                f"the {lower} threshold ({values[lower]}) must not be above "
                f"the {higher} threshold ({values[higher]})"
            )
    return errors


@dataclass(frozen=True)
class InstrumentSpec:
    symbol: str
    name: str
    tick_size: Decimal
    tick_value: Decimal
    display_precision: int
    strong_buy: Decimal
    buy: Decimal
    sell: Decimal
    strong_sell: Decimal
    bear: bool
    contract_weight: Decimal
    take_profit_usd: Decimal = Decimal("100")
    stop_loss_usd: Decimal = Decimal("100")
    aliases: tuple[str, ...] = ()

    def __post_init__(self):
        errors = spec_errors(asdict(self))
        if not isinstance(self.aliases, tuple) or not all(isinstance(a, str) and a.strip() for a in self.aliases):
            errors["aliases"] = f"must be a tuple of non-empty strings, got {self.aliases!r}"
        if errors:
            problems = "; ".join(f"{field} {message}" for field, message in errors.items())
            raise InvalidSpec(f"instrument {self.symbol!r}: {problems}")


def _spec(symbol, name, tick_size, tick_value, precision, strong_buy, buy, sell, strong_sell,
          bear, contract_weight, aliases) -> InstrumentSpec:
    return InstrumentSpec(
        symbol=symbol, name=name, tick_size=Decimal(tick_size), tick_value=Decimal(tick_value),
        display_precision=precision, strong_buy=Decimal(strong_buy), buy=Decimal(buy),
        sell=Decimal(sell), strong_sell=Decimal(strong_sell), bear=bear,
        contract_weight=Decimal(contract_weight), aliases=aliases,
    )


# SPEC §1, row for row (take profit and stop loss: $100 each, SPEC §4).
SPEC_INSTRUMENTS: tuple[InstrumentSpec, ...] = (
    _spec("YM", "Dow Jones E-mini", "1", "5.00", 0, "60", "10", "-10", "-60", False, "55", ("/YM",)),
    _spec("ES", "S&P 500 E-mini", "0.25", "12.50", 2, "6", "1", "-1", "-6", False, "6", ("/ES",)),
    _spec("NQ", "Nasdaq-100 E-mini", "0.25", "5.00", 2, "15", "2.5", "-2.5", "-15", False, "15", ("/NQ",)),
    _spec("RTY", "Russell 2000 E-mini", "0.10", "5.00", 2, "15", "2.5", "-2.5", "-15", False, "15", ("/RTY", "RT")),
    _spec("CL", "Crude Oil", "0.01", "10.00", 2, "0.3", "0.05", "-0.05", "-0.3", False, "0.3", ("/CL",)),
    _spec("SI", "Silver", "0.005", "25.00", 3, "0.06", "0.01", "-0.01", "-0.06", False, "0.06", ("/SI",)),
    _spec("HG", "Copper", "0.0005", "12.50", 4, "0.012", "0.002", "-0.002", "-0.012", False, "0.012", ("/HG",)),
    _spec("GC", "Gold", "0.10", "10.00", 1, "3", "0.5", "-0.5", "-3", True, "4", ("/GC",)),
    _spec("VX", "VIX futures", "0.05", "50.00", 2, "0.05", "0.03", "-0.03", "-0.05", True, "0.3", ("/VX",)),
    _spec("DX", "US Dollar Index", "0.005", "5.00", 3, "30", "5", "-5", "-30", True, "35", ("/DX", "$DXY")),
    _spec("ZB", "30-Year T-Bond", "0.03125", "31.25", 5, "30", "5", "-5", "-30", True, "35", ("/ZB", "30YRBOND")),
)

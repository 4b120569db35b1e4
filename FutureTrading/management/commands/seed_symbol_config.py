"""Seed the SPEC §1 instruments, the signal weights and the trading config.

Safe to run on every start: rows that exist are kept as the operator left
them, unless --reset asks for the seeded values back.
"""
from django.core.management.base import BaseCommand
from django.db import transaction

from FutureTrading.models import SignalWeight, SymbolConfig, TradingConfig
from FutureTrading.rules.instruments import SPEC_INSTRUMENTS
from FutureTrading.rules.signals import DEFAULT_SIGNAL_WEIGHTS

# Gaps between sort positions let an operator slot an instrument in between.
SORT_STEP = 10


class Command(BaseCommand):
    help = "Create the seeded instruments, signal weights and trading config; keep existing rows unless --reset."

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true", help="overwrite existing rows with the seeded values")

    @transaction.atomic
    def handle(self, *args, reset: bool = False, verbosity: int = 1, **options):
        self.verbosity = verbosity
        counts = {"created": 0, "kept": 0, "reset": 0}
        for position, spec in enumerate(SPEC_INSTRUMENTS, start=1):
            values = {**SymbolConfig.fields_of(spec), "active": True, "sort_order": position * SORT_STEP}
            self._seed(counts, f"instrument {spec.symbol}", SymbolConfig, {"symbol": spec.symbol}, values, reset)
        for signal, weight in DEFAULT_SIGNAL_WEIGHTS.items():
            self._seed(counts, f"signal weight {signal}", SignalWeight, {"signal": signal.value},
                       {"weight": weight}, reset)
        defaults = {field.name: field.get_default() for field in TradingConfig._meta.concrete_fields
                    if field.name not in ("id", "updated_at")}
        self._seed(counts, "trading config", TradingConfig, {"pk": TradingConfig.SINGLETON_PK}, defaults, reset)
        if verbosity >= 1:
            summary = "seed_symbol_config: {created} rows created, {kept} kept, {reset} reset".format(**counts)
            self.stdout.write(self.style.SUCCESS(summary))

    def _seed(self, counts, label, model, lookup, values, reset):
        row = model.objects.filter(**lookup).first()
        changes = []
        if row is None:
            model.objects.create(**{**lookup, **values})
            outcome = "created"
        elif reset:
            changes = [f"{name}: {getattr(row, name)} → {value}"
                       for name, value in values.items() if getattr(row, name) != value]
            for name, value in values.items():
                setattr(row, name, value)
            row.save()
            outcome = "reset" if changes else "kept"
        else:
            outcome = "kept"
        counts[outcome] += 1
        if self.verbosity >= 2 or (self.verbosity == 1 and outcome != "kept"):
            detail = f" ({', '.join(changes)})" if changes else ""
            self.stdout.write(f"{outcome:>7}  {label}{detail}")

"""Market-clock rules: plain functions and dataclasses, no Django and no I/O.

Importable without settings so the scheduler, the replay and the tests all
share one definition of regions, sessions and market status.
"""

"""SPEC §1 and §4 as plain functions: no Django, no I/O.

The live quotes view, the capture, the grader and the replay all call these,
so a rule has exactly one implementation and can be tested on its own.
"""

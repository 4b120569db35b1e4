"""Statistics of graded trades (rules/stats.py, SPEC §6). Expected numbers are worked out by hand."""
from decimal import Decimal as D

import pytest

from MarketOpenCapture.rules.outcomes import Outcome
from MarketOpenCapture.rules.stats import (
    PredictorRow, TradeRecord, avg_resolution_sec, best_by, equity_curve, max_drawdown, pooled,
    predictor_rows, summarize, wilson_interval,
)

pytestmark = pytest.mark.embedded

W, L, E, N, X, P = "Worked", "Didn't Work", "Expired", "No Entry", "Error", "Pending"


def sessions(worked=0, didnt=0, expired=0, no_entry=0, errors=0, pending=0, win=D(100), loss=D(-100)):
    outcomes = [W] * worked + [L] * didnt + [E] * expired + [N] * no_entry + [X] * errors + [P] * pending
    pnls = [win] * worked + [loss] * didnt + [D(0)] * expired + [D(0)] * no_entry + [D(0)] * errors + [None] * pending
    return outcomes, pnls


@pytest.mark.parametrize("successes, n, expected", [
    (12, 17, (0.469, 0.867)),   # centre (p + z²/2n)/(1 + z²/n) = 0.6679, half-width 0.1993
    (5, 10, (0.237, 0.763)),    # symmetric around 0.5, half-width 0.2634
    (0, 10, (0.0, 0.278)),      # upper = z²/(n + z²) = 3.8415/13.8415
    (10, 10, (0.722, 1.0)),
    (1, 1, (0.207, 1.0)),
    (5, 6, (0.436, 0.970)),
])
def test_wilson_interval_by_hand(successes, n, expected):
    low, high = wilson_interval(successes, n)
    assert (round(low, 3), round(high, 3)) == expected


def test_wilson_interval_of_nothing_is_unknown():
    assert wilson_interval(0, 0) == (None, None)


@pytest.mark.parametrize("successes, n, error", [
    (5, 4, ValueError),
    (-1, 4, ValueError),
    (1.0, 4, TypeError),
    (True, 4, TypeError),
])
def test_wilson_interval_rejects_impossible_counts(successes, n, error):
    with pytest.raises(error):
        wilson_interval(successes, n)


def test_the_spec_example():
    # SPEC §6: 12 worked, 5 didn't, 1 expired → hit rate 12/17 = 0.706, EV (1200 − 500) / 18 = 38.89.
    summary = summarize(*sessions(worked=12, didnt=5, expired=1))
    assert (summary.entries_made, summary.worked, summary.didnt_work, summary.expired) == (18, 12, 5, 1)
    assert round(summary.hit_rate, 3) == 0.706
    assert (round(summary.hit_rate_low, 3), round(summary.hit_rate_high, 3)) == (0.469, 0.867)
    assert summary.expected_value == D("38.89")
    assert summary.total_pnl == D("700")


def test_no_entry_error_and_pending_are_not_entries():
    summary = summarize(*sessions(worked=12, didnt=5, expired=1, no_entry=2, errors=1, pending=1))
    assert (summary.total_sessions, summary.entries_made, summary.no_entry, summary.errors, summary.pending) == (
        22, 18, 2, 1, 1)
    assert summary.expected_value == D("38.89")


@pytest.mark.parametrize("counts, hit_rate, ev, total", [
    (dict(worked=2, didnt=1, win=D("93.75"), loss=D("-93.75")), 0.667, D("31.25"), D("93.75")),  # ZB: 3 ticks
    (dict(didnt=3), 0.0, D("-100.00"), D("-300")),
    (dict(worked=2, expired=1), 1.0, D("66.67"), D("200")),     # 200/3, half up
    (dict(expired=2), None, D("0.00"), D("0")),                 # entries, but no decided trade
    (dict(no_entry=3, errors=1), None, None, D("0")),            # no entries at all
    (dict(), None, None, D("0")),
])
def test_hit_rate_and_expected_value(counts, hit_rate, ev, total):
    summary = summarize(*sessions(**counts))
    assert (None if summary.hit_rate is None else round(summary.hit_rate, 3), summary.expected_value,
            summary.total_pnl) == (hit_rate, ev, total)


def test_ambiguity_rate_is_over_decided_trades():
    summary = summarize([W, L, L, L, E], [D(100), D(-100), D(-100), D(-100), D(0)],
                        ambiguous=[False, True, True, False, False])
    assert (summary.ambiguous, summary.ambiguity_rate) == (2, 0.5)


@pytest.mark.parametrize("outcomes, pnls, ambiguous, error", [
    (["Won"], [D(100)], None, ValueError),                  # not one of the seed's words
    ([W], [None], None, TypeError),                         # an entry needs its P&L
    ([W], [100.0], None, TypeError),                        # money is never a float
    ([N], [D(100)], None, ValueError),                      # no entry, no P&L
    ([W, L], [D(100)], None, ValueError),
    ([W], [D(100)], [True, False], ValueError),
])
def test_summarize_rejects_inconsistent_sessions(outcomes, pnls, ambiguous, error):
    with pytest.raises(error):
        summarize(outcomes, pnls, ambiguous)


def test_best_by_needs_a_minimum_sample_and_breaks_ties_by_sample_then_order():
    groups = {
        "Japan": summarize(*sessions(worked=3)),              # 100% but only 3 entries
        "USA": summarize(*sessions(worked=6, didnt=4)),       # 0.6, 10 entries
        "London": summarize(*sessions(worked=6, didnt=4)),    # same as USA, comes later
        "China": summarize(*sessions(worked=6, didnt=4, expired=2)),  # 0.6 on 12 entries
        "India": summarize(*sessions(worked=5, didnt=5)),
    }
    assert best_by(groups, "hit_rate") == "China"
    assert best_by(groups, "hit_rate", min_sample=3) == "Japan"
    assert best_by(groups, "expected_value") == "USA"         # EV 20.00 ties with London; China 16.67
    assert best_by(groups, "total_pnl") == "China"            # 200 everywhere; China has most entries
    assert best_by(groups, "hit_rate", min_sample=13) is None
    assert best_by({}, "hit_rate") is None


def test_best_by_rejects_an_unknown_metric():
    with pytest.raises(ValueError):
        best_by({}, "sharpe")


def test_equity_curve_and_drawdown():
    pnls = [D(100), D(-100), D(-100), D(100), D(100), D(-100), D(100), D(100)]
    assert equity_curve(pnls) == [
        (D(100), D(0)), (D(0), D(100)), (D(-100), D(200)), (D(0), D(100)),
        (D(100), D(0)), (D(0), D(100)), (D(100), D(0)), (D(200), D(0)),
    ]
    assert max_drawdown(pnls) == D(200)


def test_drawdown_counts_from_zero_before_the_first_trade():
    assert equity_curve([D("-93.75"), D("-100")]) == [(D("-93.75"), D("93.75")), (D("-193.75"), D("193.75"))]
    assert max_drawdown([]) == D(0)


def test_equity_curve_rejects_a_missing_pnl():
    with pytest.raises(TypeError):
        equity_curve([D(100), None])


def test_pooled_counts_a_shared_open_once():
    london = TradeRecord(1_000, "BUY", D("44000"), D("44020"), D("43980"), Outcome.WORKED, D(100))
    amsterdam = TradeRecord(1_000, "BUY", D("44000.00"), D("44020"), D("43980"), "Worked", D("100.00"))
    usa = TradeRecord(2_000, "SELL", D("44100"), D("44080"), D("44120"), Outcome.DIDNT_WORK, D(-100))
    assert pooled([london, amsterdam, usa]) == [london, usa]


def test_pooled_keeps_a_shared_open_graded_differently():
    # A region-specific window made the same entry expire in one region and work in the other.
    london = TradeRecord(1_000, "BUY", D("44000"), D("44020"), D("43980"), Outcome.EXPIRED, D(0))
    amsterdam = TradeRecord(1_000, "BUY", D("44000"), D("44020"), D("43980"), Outcome.WORKED, D(100))
    assert pooled([london, amsterdam]) == [london, amsterdam]


def test_pooled_keeps_every_session_without_an_entry():
    # Two regions holding at the same instant made no trade to share: two sessions, as History counts them.
    hold = TradeRecord(1_000, None, None, None, None, Outcome.NO_ENTRY, D(0))
    assert pooled([hold, hold]) == [hold, hold]


def test_predictor_rows():
    samples = (
        [("ES", "STRONG_BUY", W)] * 5 + [("ES", "STRONG_BUY", L)]
        + [("ES", "HOLD", W)] * 3 + [("ES", "HOLD", L)] * 3
        + [("YM", "BUY", W)] * 3 + [("YM", "BUY", L)] * 3
        + [("GC", "SELL", W)] * 4 + [("GC", "SELL", L)] * 4
        + [("NQ", "BUY", W)] * 4                                    # n = 4: below the minimum sample
        + [("CL", "SELL", W)] + [("CL", "SELL", L)] * 4 + [("CL", "SELL", E)] * 2 + [("CL", "SELL", N)]
    )
    rows = predictor_rows(samples, baseline=0.5, min_sample=5)
    assert [(r.symbol, r.signal, r.n, r.worked) for r in rows] == [
        ("ES", "STRONG_BUY", 6, 5),   # lift +0.333
        ("GC", "SELL", 8, 4),         # lift 0, larger n first
        ("ES", "HOLD", 6, 3),         # lift 0, then by symbol
        ("YM", "BUY", 6, 3),
        ("CL", "SELL", 5, 1),         # Expired and No Entry are not decided: n = 5, lift −0.3
    ]
    es = rows[0]
    assert isinstance(es, PredictorRow)
    assert (round(es.hit_rate, 3), round(es.low, 3), round(es.high, 3), round(es.lift, 3)) == (
        0.833, 0.436, 0.970, 0.333)
    assert round(rows[-1].lift, 3) == -0.3


@pytest.mark.parametrize("baseline", [None, 1.5, -0.1, "0.5"])
def test_predictor_rows_need_a_baseline_hit_rate(baseline):
    with pytest.raises(ValueError):
        predictor_rows([], baseline=baseline)


def test_avg_resolution_counts_touches_only():
    outcomes = [W, L, E, N]
    opened = [0, 1_000, 0, 0]
    resolved = [600_000, 301_000, 1_800_000, 0]   # 600 s and 300 s; Expired and No Entry left out
    assert avg_resolution_sec(outcomes, opened, resolved) == 450.0
    assert avg_resolution_sec([E], [0], [1_800_000]) is None


def test_avg_resolution_rejects_a_touch_without_a_time():
    with pytest.raises(ValueError):
        avg_resolution_sec([W], [0], [None])

"""The database adds up; rules.stats decides what the sums mean.

The service gets its counts from SQL, so it cannot hand rules.stats one item
per session. These tests pin the count-based path to the rules themselves on
random input: same Summary as summarize(), same rows as predictor_rows(), and
SQL pooling merges exactly the trades rules.stats.pooled() merges.
"""
from collections import Counter
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from MarketOpenCapture.rules.outcomes import ENTRIES, Outcome
from MarketOpenCapture.rules.stats import (
    TradeRecord, avg_resolution_sec, pooled, predictor_rows, summarize, summary_from_counts,
    predictor_rows_from_tallies,
)
from MarketOpenCapture.services.analytics import SessionFilter, add_up, filter_sessions
from MarketOpenCapture.tests.factories import make_session

pytestmark = pytest.mark.embedded

PNL = {Outcome.WORKED: [Decimal(100), Decimal("93.75")], Outcome.DIDNT_WORK: [Decimal(-100), Decimal("-93.75")],
       Outcome.EXPIRED: [Decimal(0)], Outcome.NO_ENTRY: [Decimal(0), None], Outcome.ERROR: [Decimal(0), None],
       Outcome.PENDING: [None]}
sessions = st.lists(st.sampled_from(list(Outcome)).flatmap(
    lambda outcome: st.tuples(st.just(outcome), st.sampled_from(PNL[outcome]), st.booleans())), max_size=60)


@given(sessions)
def test_summary_of_counts_equals_summarize_of_sessions(rows):
    expected = summarize([outcome for outcome, _, _ in rows], [pnl for _, pnl, _ in rows],
                         [flag for _, _, flag in rows])
    counts = Counter(outcome for outcome, _, _ in rows)
    total = sum((pnl for outcome, pnl, _ in rows if outcome in ENTRIES), Decimal(0))
    assert summary_from_counts(counts, total, sum(flag for _, _, flag in rows), len(rows)) == expected


samples = st.lists(st.tuples(st.sampled_from(["ES", "NQ", "GC"]), st.sampled_from(["BUY", "HOLD", "SELL"]),
                             st.sampled_from(list(Outcome))), max_size=80)


@given(samples, st.floats(0, 1), st.integers(1, 6))
def test_predictor_rows_of_tallies_equals_predictor_rows_of_samples(rows, baseline, min_sample):
    tallies = {}
    for symbol, signal, outcome in rows:
        if outcome in (Outcome.WORKED, Outcome.DIDNT_WORK):
            worked, n = tallies.get((symbol, signal), (0, 0))
            tallies[(symbol, signal)] = (worked + (outcome is Outcome.WORKED), n + 1)
    assert predictor_rows_from_tallies(tallies, baseline, min_sample) == predictor_rows(rows, baseline, min_sample)


@pytest.mark.parametrize("baseline", [-0.1, 1.5, True, "0.5"])
def test_predictor_rows_of_refuses_a_baseline_that_is_not_a_rate(baseline):
    with pytest.raises(ValueError):
        predictor_rows_from_tallies({}, baseline)


# Sessions on two instants shared by London and Amsterdam, graded alike or not.
shared = st.lists(st.tuples(st.sampled_from(["London", "EuroNext", "Japan"]), st.integers(0, 1),
                            st.sampled_from(["BUY", "SELL", "HOLD"]), st.sampled_from(list(Outcome))),
                  max_size=12, unique_by=lambda row: row[:2])


@pytest.mark.django_db
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(shared)
def test_sql_pooling_merges_what_rules_pooled_merges(rows):
    made = [make_session(region, date(2026, 1, 5) + timedelta(days=day), signal,
                         "No Entry" if signal == "HOLD" else outcome)
            for region, day, signal, outcome in rows]
    try:
        # SQL keeps the first copy in region order; so does pooled() when given that order.
        entries = sorted((session for session in made if session.outcome in ENTRIES),
                         key=lambda session: (session.region, session.id))
        records = [TradeRecord(int(session.open_at.timestamp() * 1000), session.entry_side, session.entry_price,
                               session.target_price, session.stop_price, Outcome(session.outcome), session.pnl_usd)
                   for session in entries]
        first_of = {}
        for record, session in zip(records, entries):
            first_of.setdefault(record, session)
        kept = pooled(records)
        result = add_up(filter_sessions(SessionFilter()), ("region",)).overall
        assert result.shared_trades_merged == len(records) - len(kept)
        assert result.summary.entries_made == len(kept)
        assert result.summary.total_pnl == sum((record.pnl for record in kept), Decimal(0))
        decided = [record for record in kept if record.outcome in (Outcome.WORKED, Outcome.DIDNT_WORK)]
        expected = avg_resolution_sec([record.outcome for record in decided], [record.open_ms for record in decided],
                                      [int(first_of[record].resolved_at.timestamp() * 1000) for record in decided])
        assert result.avg_resolution_sec == pytest.approx(expected)
    finally:
        for session in made:
            session.delete()

/** History's API answers for component tests, typed by the generated schema (so they cannot drift from it). */
import type { components } from "../../api/schema";
import type { Predictors, SessionList, SessionRow, SessionSymbols, Stats, WhatIf, WhatIfSummary } from "./queries";

type Figures = Omit<components["schemas"]["PooledFigures"], "pooled">;
type AppliedFilters = components["schemas"]["AppliedFilters"];

const NO_FILTERS: AppliedFilters = {
  region: [],
  day_of_week: [],
  start_date: null,
  end_date: null,
  outcome: [],
  signal: [],
  run: null,
};

/** SPEC §6's example: 12 worked, 5 didn't, 1 expired → hit rate 0.706, EV $38.89. */
export function figures(overrides: Partial<Figures> = {}): Figures {
  return {
    total_sessions: 20,
    entries_made: 18,
    worked: 12,
    didnt_work: 5,
    expired: 1,
    no_entry: 2,
    errors: 0,
    pending: 0,
    n: 17,
    hit_rate: 0.7058823529,
    hit_rate_low: 0.4686,
    hit_rate_high: 0.8672,
    expected_value: 38.89,
    total_pnl: 700,
    avg_resolution_time_sec: 640,
    ambiguous: 0,
    ambiguity_rate: 0,
    shared_trades_merged: 0,
    ...overrides,
  };
}

export const EMPTY_FIGURES = figures({
  total_sessions: 0,
  entries_made: 0,
  worked: 0,
  didnt_work: 0,
  expired: 0,
  no_entry: 0,
  n: 0,
  hit_rate: null,
  hit_rate_low: null,
  hit_rate_high: null,
  expected_value: null,
  total_pnl: 0,
  avg_resolution_time_sec: null,
  ambiguity_rate: null,
});

export function stats(summary: Figures = figures()): Stats {
  return {
    filters: NO_FILTERS,
    summary: { pooled: true, ...summary },
    breakdowns: {
      region: [{ key: "Japan", ...summary }],
      weekday: [{ key: "Monday", ...summary }],
      signal: [],
      month: [],
    },
    equity: [
      { date: "2026-01-05", pnl_usd: 100, cumulative_pnl: 100, drawdown: 0 },
      { date: "2026-01-06", pnl_usd: -100, cumulative_pnl: 0, drawdown: 100 }, // the API: 0 or more
    ],
    max_drawdown: 100,
  };
}

export function predictors(): Predictors {
  return {
    filters: NO_FILTERS,
    baseline: { pooled: true, hit_rate: 0.7, hit_rate_low: 0.47, hit_rate_high: 0.87, n: 17, shared_trades_merged: 0 },
    min_sample: 5,
    note: "Each row is one of many comparisons.",
    rows: [
      { symbol: "ES", signal: "STRONG_BUY", n: 15, worked: 12, hit_rate: 0.8, hit_rate_low: 0.548, hit_rate_high: 0.93, lift: 0.1 },
    ],
  };
}

export function sessionRow(overrides: Partial<SessionRow> = {}): SessionRow {
  return {
    id: 7,
    region: "Japan",
    trading_date: "2026-01-05",
    day_of_week: "Monday",
    opened_at: "2026-01-05T09:00:00+09:00",
    composite: { signal: "BUY", signal_weight_sum: 4, weighted_average: 12.5, instrument_count: 11 },
    ym_entry: { side: "BUY", price: 47388, target: 47408, stop: 47368, spread: 8 },
    outcome: "Worked",
    outcome_reason: "target",
    pnl_usd: 100,
    resolved_at: "2026-01-05T09:10:00+09:00",
    elapsed_sec: 600,
    ambiguous: false,
    run: null,
    ...overrides,
  };
}

export function sessionList(rows: SessionRow[] = [sessionRow()], { count = rows.length, page = 1 } = {}): SessionList {
  const more = page * 50 < count;
  return {
    filters: NO_FILTERS,
    count,
    page,
    page_size: 50,
    next: more ? `http://testserver/api/market-open/sessions/?page=${page + 1}` : null,
    previous: page > 1 ? `http://testserver/api/market-open/sessions/?page=${page - 1}` : null,
    results: rows,
  };
}

const SYMBOLS: Array<[string, number]> = [
  ["YM", 1], ["ES", 0.25], ["NQ", 0.25], ["RTY", 0.1], ["CL", 0.01], ["SI", 0.005],
  ["HG", 0.0005], ["GC", 0.1], ["VX", 0.05], ["DX", 0.005], ["ZB", 0.03125],
];

export function sessionSymbols(session = 7): SessionSymbols {
  return {
    session,
    region: "Japan",
    trading_date: "2026-01-05",
    symbols: SYMBOLS.map(([symbol, tick_size], order) => ({
      symbol,
      signal: "HOLD",
      tick_size,
      last: 100 + order,
      bid: 100 + order,
      ask: 101 + order,
      change: order,
    })),
  };
}

export function summary(overrides: Partial<WhatIfSummary> = {}): WhatIfSummary {
  const { shared_trades_merged: _, n: __, avg_resolution_time_sec: ___, ...rest } = figures();
  return { ...rest, ...overrides };
}

export function whatif(recorded: WhatIfSummary, alternative: WhatIfSummary): WhatIf {
  return {
    filters: NO_FILTERS,
    recorded,
    whatif: alternative,
    sessions: recorded.total_sessions,
    skipped: [],
    parameters: { target_usd: 150, stop_usd: null, window_sec: null, policy: null },
    pooled: "Regions opening at the same instant take one YM trade.",
  };
}

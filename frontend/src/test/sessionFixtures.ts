/** Market-open answers as /api/market-open/today/, /sessions/{id}/ and /sessions/{id}/path/ give them. */
import type { components } from "../api/schema";
import { EMPTY_FIGURES } from "../features/history/testData";
import type { Outcome } from "../features/sessions/outcomes";
import type { MissedCapture, SessionDetail, SessionPath, Snapshot, TodaySession } from "../features/sessions/types";

type Today = components["schemas"]["Today"];
type Summary = components["schemas"]["TodaySummary"];

const SYMBOLS = ["YM", "ES", "NQ", "RTY", "CL", "SI", "HG", "GC", "VX", "DX", "ZB"];
const PNL: Record<Outcome, number | null> = {
  Worked: 100,
  "Didn't Work": -100,
  Expired: 0,
  "No Entry": 0,
  Error: 0,
  Pending: null,
};

/** Tokyo's BUY at 47,388 on Tue 1 Dec 2026 (00:00 UTC), `outcome` after 10 minutes (Pending: unresolved). */
export function todaySession(outcome: Outcome = "Worked", overrides: Partial<TodaySession> = {}): TodaySession {
  const resolved = outcome !== "Pending";
  return {
    id: 7,
    region: "Japan",
    trading_date: "2026-12-01",
    day_of_week: "Tuesday",
    opened_at: "2026-12-01T09:00:00+09:00",
    composite: { signal: "BUY", signal_weight_sum: 6, weighted_average: 12.5, instrument_count: 11 },
    ym_entry:
      outcome === "No Entry" ? null : { side: "BUY", price: 47388, target: 47408, stop: 47368, spread: 8 },
    outcome,
    outcome_reason: resolved ? "target" : "",
    pnl_usd: PNL[outcome],
    resolved_at: outcome === "No Entry" ? "2026-12-01T09:00:00+09:00" : resolved ? "2026-12-01T09:10:00+09:00" : null,
    elapsed_sec: outcome === "No Entry" ? 0 : 600,
    ambiguous: false,
    run: null,
    window_sec: 1800,
    symbols: SYMBOLS.map((symbol) => ({
      symbol,
      signal: "HOLD",
      signal_weight: 0,
      last: 100,
      bid: 100,
      ask: 101,
      change: 0,
      stale: false,
    })),
    ...overrides,
  };
}

/** Pre_USA's capture at its open on Mon 30 Nov 2026 (08:30 in New York), given up after 3 attempts. */
export function missedCapture(overrides: Partial<MissedCapture> = {}): MissedCapture {
  return {
    id: 3,
    region: "Pre_USA",
    trading_date: "2026-11-30",
    open_at: "2026-11-30T13:30:00.000Z",
    opened_at: "2026-11-30T08:30:00-05:00",
    attempts: 3,
    error: "YM quote is 181 s old at the open",
    ...overrides,
  };
}

const NO_TRADES: Summary = { ...EMPTY_FIGURES, pooled: true, best_region: null };

/** The today answer at `now`; `summary` is what the server pooled (give it for sessions that count). */
export function today(sessions: TodaySession[], summary: Partial<Summary> = {}, now = new Date().toISOString()): Today {
  return {
    now,
    date: {
      Japan: "2026-12-01",
      China: "2026-12-01",
      India: "2026-12-01",
      EuroNext: "2026-12-01",
      London: "2026-12-01",
      Pre_USA: "2026-11-30",
      USA: "2026-11-30",
    },
    sessions,
    missed: [],
    summary: { ...NO_TRADES, total_sessions: sessions.length, ...summary },
  };
}

function snapshot(symbol: string, order: number): Snapshot {
  return {
    symbol,
    stale: symbol === "ZB",
    excluded_reason: symbol === "ZB" ? "quote 181 s old" : "",
    last: 100 + order,
    bid: 100 + order,
    ask: 101 + order,
    spread: 1,
    change: order,
    signal: order % 2 ? "BUY" : "HOLD",
    signal_weight: order % 2,
    tick_size: 1,
  };
}

/** Session `id` in full: 11 futures and the TOTAL they made. */
export function sessionDetail(id = 7): SessionDetail {
  return {
    id,
    day_of_week: "Tuesday",
    run: "",
    region: "Japan",
    trading_date: "2026-12-01",
    open_at: "2026-12-01T00:00:00Z",
    captured_at: "2026-12-01T00:00:00.120Z",
    composite_signal: "BUY",
    signal_weight_sum: 6,
    weighted_average: 12.5,
    sum_weighted: 2100,
    instrument_count: 11,
    evaluation_window_sec: 1800,
    snapshots: [
      ...SYMBOLS.map(snapshot),
      { symbol: "TOTAL", signal: "BUY", signal_weight_sum: 6, weighted_average: 12.5, instrument_count: 10 },
    ],
    opened_at: "2026-12-01T09:00:00+09:00",
    elapsed_sec: 600,
    theoretical_trades: [],
    path_url: `/api/market-open/sessions/${id}/path/`,
  };
}

/** YM rising from the entry to the target 10 minutes after the 00:00 UTC open. */
export function sessionPath(id = 7): SessionPath {
  const open = Date.parse("2026-12-01T00:00:00Z");
  return {
    session: id,
    symbol: "YM",
    source: "bus",
    reason: null,
    open_ms: open,
    window_end_ms: open + 1_800_000,
    quote_count: 3,
    ts_ms: [open + 1000, open + 300_000, open + 600_000],
    bid: [47386, 47395, 47408],
    ask: [47388, 47397, 47410],
  };
}

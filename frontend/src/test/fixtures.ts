/** API answers as the server gives them (shapes copied from real responses of a simulator run). */
import type { LatestQuotes, MarketNow, MarketsBoard, QuoteRow, StreamQuote, Whoami } from "../api/types";

export const LOGGED_IN: Whoami = { authenticated: true, username: "demo" };
export const ANONYMOUS: Whoami = { authenticated: false, username: null };

export function market(overrides: Partial<MarketNow> = {}): MarketNow {
  return {
    region: "Japan",
    display_name: "Tokyo",
    timezone: "Asia/Tokyo",
    status: "CLOSED",
    local_time: "2026-11-30T08:00:00+09:00",
    trading_date: "2026-11-30",
    next_open_utc: "2026-11-30T00:00:00.000Z",
    next_open_local: "2026-11-30T09:00:00+09:00",
    next_close_utc: "2026-11-30T06:30:00.000Z",
    next_close_local: "2026-11-30T15:30:00+09:00",
    seconds_to_next_event: 3600,
    next_event: "open",
    reason: null,
    calendar: "XTKS",
    ...overrides,
  };
}

export function board(now: string, markets: MarketNow[]): MarketsBoard {
  return { now, markets };
}

const INSTRUMENTS: Array<[string, string, number, number]> = [
  ["YM", "Dow Jones E-mini", 1, 0],
  ["ES", "S&P 500 E-mini", 0.25, 2],
  ["NQ", "Nasdaq-100 E-mini", 0.25, 2],
  ["RTY", "Russell 2000 E-mini", 0.1, 2],
  ["CL", "Crude Oil", 0.01, 2],
  ["SI", "Silver", 0.005, 3],
  ["HG", "Copper", 0.0005, 4],
  ["GC", "Gold", 0.1, 1],
  ["VX", "VIX futures", 0.05, 2],
  ["DX", "US Dollar Index", 0.005, 3],
  ["ZB", "30-Year T-Bond", 0.03125, 5],
];

/** A row without a quote: what the board shows before any feed ran. */
export function emptyRow(symbol: string): QuoteRow {
  const [, name, tick_size, display_precision] = INSTRUMENTS.find(([s]) => s === symbol)!;
  return {
    instrument: { symbol, name, tick_size, display_precision },
    bid: null,
    ask: null,
    last: null,
    bid_size: null,
    ask_size: null,
    volume: null,
    change: null,
    change_percent: null,
    prev_close: null,
    open: null,
    high_24h: null,
    low_24h: null,
    high_52w: null,
    low_52w: null,
    vwap: null,
    spread: null,
    ts: null,
    age_sec: null,
    stale: false,
    extended_data: { signal: null, stat_value: null, contract_weight: 1, signal_weight: null },
  };
}

export const YM_ROW: QuoteRow = {
  instrument: { symbol: "YM", name: "Dow Jones E-mini", tick_size: 1, display_precision: 0 },
  bid: 46675,
  ask: 46677,
  last: 46677,
  bid_size: 7,
  ask_size: 9,
  volume: 69743,
  change: 103,
  change_percent: 0.2212,
  prev_close: 46574,
  open: 46592,
  high_24h: 46686,
  low_24h: 46583,
  high_52w: 52508,
  low_52w: 32836,
  vwap: null,
  spread: 2,
  ts: "2026-11-30T14:00:00.000Z",
  age_sec: 1.2,
  stale: false,
  extended_data: { signal: "STRONG_BUY", stat_value: 60, contract_weight: 55, signal_weight: 2 },
};

export const ZB_ROW: QuoteRow = {
  instrument: { symbol: "ZB", name: "30-Year T-Bond", tick_size: 0.03125, display_precision: 5 },
  bid: 115.96875,
  ask: 116.03125,
  last: 115.96875,
  bid_size: 44,
  ask_size: 189,
  volume: 73741,
  change: -1.65625,
  change_percent: -1.4081,
  prev_close: 117.625,
  open: 117.46875,
  high_24h: 117.5,
  low_24h: 115.96875,
  high_52w: 125.5625,
  low_52w: 99.625,
  vwap: null,
  spread: 0.0625,
  ts: "2026-11-30T13:57:00.000Z",
  age_sec: 181,
  stale: true,
  extended_data: { signal: "HOLD", stat_value: 0, contract_weight: 35, signal_weight: 0 },
};

/** The board with YM and ZB quoted and the 9 others without a quote yet. */
export function latestQuotes(rows: QuoteRow[] = [YM_ROW, ZB_ROW]): LatestQuotes {
  const bySymbol = new Map(rows.map((row) => [row.instrument.symbol, row]));
  return {
    rows: INSTRUMENTS.map(([symbol]) => bySymbol.get(symbol) ?? emptyRow(symbol)),
    total: {
      sum_weighted: 3549.071376,
      avg_weighted: 21.422276,
      count: 2,
      signal_weight_sum: 9,
      composite_signal: "BUY",
      composite_signal_weight: 1,
      as_of: "2026-11-30T14:00:01.000Z",
      status: "LIVE TOTAL",
    },
  };
}

/** A `quote` event of the stream for YM, newer than YM_ROW. */
export function ymQuote(overrides: Partial<StreamQuote> = {}): StreamQuote {
  return {
    symbol: "YM",
    ts: "2026-11-30T14:00:02.000Z",
    bid: 46690,
    ask: 46692,
    last: 46691,
    change: 117,
    prev_close: 46574,
    open: 46592,
    high_24h: 46700,
    low_24h: 46583,
    high_52w: 52508,
    low_52w: 32836,
    vwap: null,
    bid_size: 12,
    ask_size: 3,
    volume: 69801,
    source: "sim",
    age_sec: 0.3,
    stale: false,
    ...overrides,
  };
}

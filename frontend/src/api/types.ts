/**
 * API shapes the OpenAPI schema cannot give: views that return plain dicts
 * without a serializer (the market board is documented as a bare OBJECT),
 * and the login API of thor_backend/spa.py (plain Django views, outside the
 * schema). Everything else comes from the generated schema.d.ts.
 */
import type { components } from "./schema";

type Schemas = components["schemas"];

export type SignalCode = Schemas["Signal"];
export type LatestQuotes = Schemas["LatestQuotes"];
export type QuoteRow = Schemas["QuoteRow"];
export type Total = Schemas["Total"];
/** One `quote` event of /api/feed/quotes/stream: a snapshot quote. */
export type StreamQuote = Schemas["Quote"];

/** timezones.rules.status.MarketState */
export type MarketState = "OPEN" | "PREOPEN" | "PRECLOSE" | "CLOSED" | "HOLIDAY";

/** One row of GET /api/timezones/markets/ (timezones/api/serializers.py market_now_json). */
export interface MarketNow {
  region: string;
  display_name: string;
  /** IANA zone, e.g. "Asia/Tokyo" */
  timezone: string;
  status: MarketState;
  /** the server's instant in the region's zone, ISO with offset */
  local_time: string;
  /** the region's own local trading date, YYYY-MM-DD */
  trading_date: string;
  next_open_utc: string | null;
  next_open_local: string | null;
  next_close_utc: string | null;
  next_close_local: string | null;
  seconds_to_next_event: number | null;
  next_event: "open" | "close" | null;
  /** holiday or closure reason (e.g. "Weekend", "Christmas"), null on a plain trading day */
  reason: string | null;
  calendar: string;
}

/** GET /api/timezones/markets/ */
export interface MarketsBoard {
  /** the server's clock (may run simulated time: THOR_CLOCK_OFFSET_SEC) */
  now: string;
  markets: MarketNow[];
}

/** GET /api/auth/whoami, and the answer of POST /api/auth/login and /logout */
export interface Whoami {
  authenticated: boolean;
  username: string | null;
}

export interface Credentials {
  username: string;
  password: string;
}

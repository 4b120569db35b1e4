/**
 * Live quotes from the event stream laid onto the latest board.
 *
 * Only the feed's own fields move here. Signals, the TOTAL and the derived
 * spread and change % are SPEC rules that live on the server: they come with
 * the next board fetch, never from arithmetic in the browser. The net change
 * stays the board's too: it is what the signal was classified from, and a
 * card must never show a change next to a signal that disagrees with it.
 */
import type { QuoteRow, StreamQuote } from "../../api/types";

export type LiveQuotes = Readonly<Record<string, StreamQuote>>;

export function isNewer(ts: string, than: string | null): boolean {
  return than === null || Date.parse(ts) > Date.parse(than);
}

/** Keep the newest quote per symbol (events can arrive after a fresher board). */
export function withQuote(live: LiveQuotes, quote: StreamQuote): LiveQuotes {
  const known = live[quote.symbol];
  return known === undefined || isNewer(quote.ts, known.ts) ? { ...live, [quote.symbol]: quote } : live;
}

export function applyQuotes(rows: readonly QuoteRow[], live: LiveQuotes): QuoteRow[] {
  return rows.map((row) => {
    const quote = live[row.instrument.symbol];
    if (quote === undefined || !isNewer(quote.ts, row.ts)) return row;
    return {
      ...row,
      bid: quote.bid,
      ask: quote.ask,
      last: quote.last,
      bid_size: quote.bid_size,
      ask_size: quote.ask_size,
      volume: quote.volume,
      prev_close: quote.prev_close,
      open: quote.open,
      high_24h: quote.high_24h,
      low_24h: quote.low_24h,
      high_52w: quote.high_52w,
      low_52w: quote.low_52w,
      vwap: quote.vwap,
      ts: quote.ts,
      age_sec: quote.age_sec,
      stale: quote.stale,
    };
  });
}

import type { QuoteRow } from "../../api/types";
import { formatCount, formatPercent, formatPrice, formatSigned } from "../../ui/numbers";
import { FreshnessChip } from "./FreshnessChip";
import { SignalChip } from "./SignalChip";

/** One instrument: last and change, bid/ask with sizes, spread, signal, 24h and 52-week range. */
export function SymbolCard({ row }: { row: QuoteRow }) {
  const { symbol, name, display_precision: dp } = row.instrument;
  const price = (value: number | null) => formatPrice(value, dp);
  const direction = row.change === null || row.change === 0 ? "" : row.change > 0 ? "up" : "down";
  return (
    <article className="card" aria-labelledby={`card-${symbol}`}>
      <header className="card__head">
        <h3 id={`card-${symbol}`} title={name}>
          {symbol}
        </h3>
        <SignalChip signal={row.extended_data.signal} />
        <FreshnessChip row={row} />
      </header>
      <p className="card__name">{name}</p>
      <dl className="card__quote">
        <dt className="visually-hidden">Last</dt>
        <dd className="card__last">{price(row.last)}</dd>
        <dt className="visually-hidden">Change</dt>
        <dd className={`card__change ${direction}`}>
          {formatSigned(row.change, dp)} ({formatPercent(row.change_percent)})
        </dd>
      </dl>
      <dl className="card__facts">
        <dt>Bid</dt>
        <dd>
          {price(row.bid)} × {formatCount(row.bid_size)}
        </dd>
        <dt>Ask</dt>
        <dd>
          {price(row.ask)} × {formatCount(row.ask_size)}
        </dd>
        <dt>Spread</dt>
        <dd>{price(row.spread)}</dd>
        <dt>24h range</dt>
        <dd>
          {price(row.low_24h)} – {price(row.high_24h)}
        </dd>
        <dt>52-week range</dt>
        <dd>
          {price(row.low_52w)} – {price(row.high_52w)}
        </dd>
      </dl>
    </article>
  );
}

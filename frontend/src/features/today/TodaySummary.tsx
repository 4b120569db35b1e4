import type { components } from "../../api/schema";
import { formatInterval, formatRate, formatUsd } from "../../ui/figures";

type Summary = components["schemas"]["TodaySummary"];

/** Today's figures as the server pooled them (SPEC §6): never recomputed here, so never a second answer. */
export function TodaySummary({ summary }: { summary: Summary }) {
  const shared = summary.shared_trades_merged;
  return (
    <section className="today-summary" data-testid="today-summary" aria-label="Today's figures">
      <dl className="today-summary__figures">
        <div>
          <dt>Hit rate</dt>
          <dd title={`95% interval ${formatInterval(summary.hit_rate_low, summary.hit_rate_high)}`}>
            {formatRate(summary.hit_rate)} <span className="today-summary__n">n = {summary.n}</span>
          </dd>
        </div>
        <div>
          <dt>Total P&amp;L</dt>
          <dd className={summary.total_pnl > 0 ? "up" : summary.total_pnl < 0 ? "down" : undefined}>
            {formatUsd(summary.total_pnl)}
          </dd>
        </div>
        <div>
          <dt>Best region</dt>
          <dd>{summary.best_region ?? "—"}</dd>
        </div>
        <div>
          <dt>Entries</dt>
          <dd>
            {summary.entries_made}
            {summary.pending > 0 && <span className="today-summary__n">{summary.pending} pending</span>}
          </dd>
        </div>
      </dl>
      {shared > 0 && (
        <p className="today-summary__note">
          Regions that open together share one YM trade: {shared} shared {shared === 1 ? "trade" : "trades"} counted
          once.
        </p>
      )}
    </section>
  );
}

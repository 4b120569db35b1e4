import type { Stats } from "./queries";
import { formatInterval, formatRate, formatUsd } from "../../ui/figures";

interface StatProps {
  testId: string;
  label: string;
  value: string;
  detail: string;
}

function Stat({ testId, label, value, detail }: StatProps) {
  return (
    <div className="history-stat" data-testid={testId}>
      <dt>{label}</dt>
      <dd className="history-stat__value">{value}</dd>
      <dd className="history-stat__detail">{detail}</dd>
    </div>
  );
}

/** The pooled figures of the filtered sessions, as the server computed them (SPEC §6). */
export function StatCards({ summary }: { summary: Stats["summary"] }) {
  const shared = summary.shared_trades_merged;
  const pooled = shared > 0 ? ` · ${shared} shared trade${shared === 1 ? "" : "s"} counted once` : "";
  // Bars holding both target and stop were graded stop-first (SPEC §6): the hit rate says how many.
  const ambiguous =
    summary.ambiguous > 0 ? ` · ${summary.ambiguous} ambiguous (${formatRate(summary.ambiguity_rate)})` : "";
  return (
    <dl className="history-stats" aria-label="Summary">
      <Stat
        testId="stat-hit-rate"
        label="Hit rate"
        value={formatRate(summary.hit_rate)}
        detail={`95% ${formatInterval(summary.hit_rate_low, summary.hit_rate_high)} · n = ${summary.n}${ambiguous}`}
      />
      <Stat
        testId="stat-ev"
        label="Expected value"
        value={formatUsd(summary.expected_value)}
        detail="per entry"
      />
      <Stat
        testId="stat-entries"
        label="Entries"
        value={String(summary.entries_made)}
        detail={`${summary.worked} worked · ${summary.didnt_work} didn't · ${summary.expired} expired`}
      />
      <Stat
        testId="stat-pnl"
        label="Total P&L"
        value={formatUsd(summary.total_pnl)}
        detail={`${summary.total_sessions} sessions${pooled}`}
      />
    </dl>
  );
}

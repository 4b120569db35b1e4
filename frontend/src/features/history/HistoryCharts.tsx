/** The charts, in their own chunk (recharts): the page's numbers paint before it loads. */
import { EquityChart } from "./EquityChart";
import type { Stats } from "./queries";
import { RateChart } from "./RateChart";

export default function HistoryCharts({ stats }: { stats: Stats }) {
  return (
    <section className="history-charts" aria-label="Charts">
      <RateChart title="Hit rate by region" rows={stats.breakdowns.region} />
      <RateChart title="Hit rate by weekday" rows={stats.breakdowns.weekday} />
      <EquityChart points={stats.equity} maxDrawdown={stats.max_drawdown} />
    </section>
  );
}

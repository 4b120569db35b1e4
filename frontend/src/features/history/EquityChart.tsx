import { Area, CartesianGrid, ComposedChart, Line, ReferenceLine, Tooltip, XAxis, YAxis } from "recharts";

import { formatDollars, formatUsd, formatUsdShort } from "../../ui/figures";
import type { EquityPoint } from "./queries";

/**
 * Cumulative P&L per trading day (the server's series), with its drawdown drawn
 * under the zero line: how far the curve is below its best close so far.
 */
export function EquityChart({ points, maxDrawdown }: { points: EquityPoint[]; maxDrawdown: number }) {
  // The drawdown is a distance (0 or more); plotted downwards it reads as "under water".
  const data = points.map((point) => ({ ...point, underwater: -point.drawdown }));
  return (
    <figure className="history-chart history-chart--wide">
      <figcaption>
        Cumulative P&amp;L <span className="history-chart__note">max drawdown {formatDollars(maxDrawdown)}</span>
      </figcaption>
      <ComposedChart responsive data={data} style={{ width: "100%", height: 260 }} margin={{ top: 8, right: 8 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="date" minTickGap={40} />
        <YAxis width={64} tickFormatter={(value: number) => formatUsdShort(value)} />
        <Tooltip
          formatter={(value, name) =>
            name === "Drawdown" ? formatDollars(Math.abs(Number(value))) : formatUsd(Number(value))
          }
        />
        <ReferenceLine y={0} stroke="#9ca3af" />
        <Area
          type="stepAfter"
          dataKey="underwater"
          name="Drawdown"
          stroke="#b91c1c"
          fill="#fecaca"
          isAnimationActive={false}
        />
        <Line
          type="linear"
          dataKey="cumulative_pnl"
          name="Cumulative P&L"
          stroke="#15803d"
          dot={false}
          isAnimationActive={false}
        />
      </ComposedChart>
    </figure>
  );
}

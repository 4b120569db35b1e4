/** The YM price path of a session against its target and stop (loaded with the chart library on first expand). */
import { CartesianGrid, Line, LineChart, ReferenceLine, Tooltip, XAxis, YAxis } from "recharts";

import type { SessionPath, SessionRow } from "./types";
import { formatYm } from "./ymPrice";

const MINUTE_MS = 60_000;
const MARGIN = { top: 8, right: 48, left: 0, bottom: 0 }; // the right margin holds the target and stop labels
const COLOURS = { path: "#1d4ed8", target: "#15803d", stop: "#b91c1c", entry: "#6b7280" };

/** Minutes after the open as "m:ss": 1.5 → "1:30". */
function sinceOpen(minutes: number): string {
  const seconds = Math.round(minutes * 60);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
}

interface PathChartProps {
  path: SessionPath;
  entry: SessionRow["ym_entry"];
}

/**
 * The price a trade exits on is the one that decides it (SPEC §5): the bid
 * for a long, the ask for a short; without an entry, the bid.
 */
export default function PathChart({ path, entry }: PathChartProps) {
  const side = entry?.side === "SELL" ? "ask" : "bid";
  const prices = path[side];
  const data = path.ts_ms.map((ts, i) => ({ minute: (ts - path.open_ms) / MINUTE_MS, price: prices[i] }));
  const levels = entry ? [entry.target, entry.stop] : [];
  const low = Math.min(...prices, ...levels);
  const high = Math.max(...prices, ...levels);
  const margin = Math.max((high - low) * 0.1, 1);
  return (
    <figure className="session-path">
      <LineChart responsive style={{ width: "100%", height: 170 }} data={data} margin={MARGIN}>
        <CartesianGrid stroke="#e5e7eb" />
        <XAxis dataKey="minute" type="number" domain={[0, "dataMax"]} tickFormatter={sinceOpen} />
        <YAxis
          domain={[low - margin, high + margin]}
          ticks={entry ? [entry.stop, entry.price, entry.target] : undefined}
          tickFormatter={formatYm}
          width={56}
        />
        <Tooltip
          formatter={(value) => [formatYm(Number(value)), `YM ${side}`]}
          labelFormatter={(minute) => `${sinceOpen(Number(minute))} after the open`}
        />
        {entry && (
          <>
            <ReferenceLine y={entry.target} stroke={COLOURS.target} label={{ value: "target", position: "right" }} />
            <ReferenceLine y={entry.stop} stroke={COLOURS.stop} label={{ value: "stop", position: "right" }} />
            <ReferenceLine y={entry.price} stroke={COLOURS.entry} strokeDasharray="4 4" />
          </>
        )}
        <Line type="stepAfter" dataKey="price" stroke={COLOURS.path} dot={false} isAnimationActive={false} />
      </LineChart>
      <figcaption>
        YM {side} after the open{entry ? ` (a ${entry.side === "BUY" ? "long" : "short"} exits on it)` : ""}:{" "}
        {path.quote_count} quotes{path.ts_ms.length < path.quote_count ? `, ${path.ts_ms.length} drawn` : ""}
      </figcaption>
    </figure>
  );
}

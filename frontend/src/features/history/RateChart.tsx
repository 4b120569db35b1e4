import { Bar, BarChart, CartesianGrid, ErrorBar, Tooltip, XAxis, YAxis } from "recharts";

import type { BreakdownRow } from "./queries";
import { formatInterval, formatRate } from "../../ui/figures";

interface Point {
  key: string;
  n: number;
  rate: number | null;
  /** distances below and above the bar: the 95% Wilson interval */
  whisker: [number, number];
  interval: string;
}

function points(rows: BreakdownRow[]): Point[] {
  return rows.map((row) => {
    const rate = row.hit_rate == null ? null : row.hit_rate * 100;
    const whisker: [number, number] =
      rate == null || row.hit_rate_low == null || row.hit_rate_high == null
        ? [0, 0]
        : [rate - row.hit_rate_low * 100, row.hit_rate_high * 100 - rate];
    return { key: row.key, n: row.n, rate, whisker, interval: formatInterval(row.hit_rate_low, row.hit_rate_high) };
  });
}

/** The group's name and, under it, its sample size. */
function GroupTick({ x, y, payload, data }: { x?: number; y?: number; payload?: { value: string }; data: Point[] }) {
  const point = data.find((item) => item.key === payload?.value);
  return (
    <text x={x} y={y} textAnchor="middle" className="history-chart__tick">
      <tspan x={x} dy="1em">
        {payload?.value}
      </tspan>
      <tspan x={x} dy="1.2em" className="history-chart__n">
        n = {point?.n ?? 0}
      </tspan>
    </text>
  );
}

/** Hit rate per group with its 95% interval as whiskers and n under each bar. */
export function RateChart({ title, rows }: { title: string; rows: BreakdownRow[] }) {
  const data = points(rows);
  return (
    <figure className="history-chart">
      <figcaption>{title}</figcaption>
      <BarChart responsive data={data} style={{ width: "100%", height: 240 }} margin={{ top: 8, right: 8, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="key" interval={0} height={44} tick={<GroupTick data={data} />} />
        <YAxis domain={[0, 100]} unit="%" width={48} />
        <Tooltip
          formatter={(_value, _name, item) => {
            const point = item.payload as Point;
            return [`${formatRate(point.rate == null ? null : point.rate / 100)} (95% ${point.interval})`, "Hit rate"];
          }}
        />
        <Bar dataKey="rate" fill="#2563eb" isAnimationActive={false}>
          <ErrorBar dataKey="whisker" width={6} stroke="#1f2937" direction="y" isAnimationActive={false} />
        </Bar>
      </BarChart>
    </figure>
  );
}

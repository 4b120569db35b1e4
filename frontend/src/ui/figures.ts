/** How rates, dollars and durations are shown. Display only: every figure is computed by the server. */

const DASH = "—";
const usd = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", signDisplay: "exceptZero" });
const usdPlain = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" });
const usdShort = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", notation: "compact" });

/** 0.70588 → "70.6%". */
export function formatRate(rate: number | null | undefined): string {
  return rate == null ? DASH : `${(rate * 100).toFixed(1)}%`;
}

/** The 95% Wilson interval: "52.4–84.9%". */
export function formatInterval(low: number | null | undefined, high: number | null | undefined): string {
  return low == null || high == null ? DASH : `${(low * 100).toFixed(1)}–${(high * 100).toFixed(1)}%`;
}

/** P&L and EV with their sign: "+$38.89", "-$100.00", "$0.00". */
export function formatUsd(value: number | null | undefined): string {
  return value == null ? DASH : usd.format(value);
}

/** An axis label: "$57K", "-$2.3K". */
export function formatUsdShort(value: number): string {
  return usdShort.format(value);
}

/** Dollars without a sign (a bracket, a drawdown): "$93.75". */
export function formatDollars(value: number | null | undefined): string {
  return value == null ? DASH : usdPlain.format(value);
}

/** A lift in percentage points: 0.118 → "+11.8 pp". */
export function formatLift(lift: number): string {
  return `${lift > 0 ? "+" : ""}${(lift * 100).toFixed(1)} pp`;
}

/** The decimals a price needs at this tick size: 1 → 0, 0.25 → 2, 0.03125 → 5. */
export function tickDecimals(tickSize: number | null | undefined): number {
  if (tickSize == null) return 2;
  const [, fraction = ""] = String(tickSize).split(".");
  return fraction.length;
}

/** Seconds from the open to the resolution: "10m 00s", "1h 05m". */
export function formatElapsed(seconds: number | null | undefined): string {
  if (seconds == null) return DASH;
  const whole = Math.round(seconds);
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const pad = (value: number) => String(value).padStart(2, "0");
  return hours > 0 ? `${hours}h ${pad(minutes)}m` : `${minutes}m ${pad(whole % 60)}s`;
}

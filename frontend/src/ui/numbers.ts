/** Numbers as the API's instruments want them shown: a fixed number of decimals, "—" for none. */

const DASH = "—";
const formats = new Map<string, Intl.NumberFormat>();

function format(decimals: number, signed: boolean): Intl.NumberFormat {
  const key = `${decimals}|${signed}`;
  let formatter = formats.get(key);
  if (formatter === undefined) {
    formatter = new Intl.NumberFormat("en-US", {
      minimumFractionDigits: decimals,
      maximumFractionDigits: decimals,
      signDisplay: signed ? "exceptZero" : "auto",
    });
    formats.set(key, formatter);
  }
  return formatter;
}

/** A price with the instrument's display precision: 46,677 (YM, 0), 115.96875 (ZB, 5). */
export function formatPrice(value: number | null | undefined, decimals: number): string {
  return value == null ? DASH : format(decimals, false).format(value);
}

/** A change with its sign: +103, -1.65625, 0. */
export function formatSigned(value: number | null | undefined, decimals: number): string {
  return value == null ? DASH : format(decimals, true).format(value);
}

/** A value that is already in percent: 0.2212 → "+0.22%". */
export function formatPercent(value: number | null | undefined): string {
  return value == null ? DASH : `${format(2, true).format(value)}%`;
}

/** A contract count (bid/ask size, volume). */
export function formatCount(value: number | null | undefined): string {
  return value == null ? DASH : format(0, false).format(value);
}

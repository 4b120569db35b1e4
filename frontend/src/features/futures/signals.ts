/**
 * Signal codes (SPEC §1) → what a trader reads: label and colours, in ONE place.
 * Green buys, red sells, gray hold; the STRONG variants in stronger shades.
 */
import type { SignalCode } from "../../api/types";
import type { ChipColours } from "../../ui/Chip";

export const SIGNALS: Record<SignalCode, { label: string; colours: ChipColours }> = {
  STRONG_BUY: { label: "Strong Buy", colours: { color: "#fff", background: "#166534" } },
  BUY: { label: "Buy", colours: { color: "#14532d", background: "#86efac" } },
  HOLD: { label: "Hold", colours: { color: "#1f2937", background: "#d1d5db" } },
  SELL: { label: "Sell", colours: { color: "#7f1d1d", background: "#fca5a5" } },
  STRONG_SELL: { label: "Strong Sell", colours: { color: "#fff", background: "#991b1b" } },
};

/** A symbol without a net change has no signal and is left out of the TOTAL. */
export const UNCLASSIFIED = { label: "Unclassified", colours: { color: "#374151", background: "#f3f4f6" } };

export function signalDisplay(code: SignalCode | null) {
  return code === null ? UNCLASSIFIED : SIGNALS[code];
}

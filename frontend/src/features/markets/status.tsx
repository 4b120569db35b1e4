/** Market states (timezones.rules.status) → label and colours, in one place. */
import type { MarketState } from "../../api/types";
import { Chip, type ChipColours } from "../../ui/Chip";

export const MARKET_STATES: Record<MarketState, { label: string; colours: ChipColours }> = {
  OPEN: { label: "Open", colours: { color: "#fff", background: "#15803d" } },
  PREOPEN: { label: "Pre-open", colours: { color: "#422006", background: "#facc15" } },
  PRECLOSE: { label: "Pre-close", colours: { color: "#fff", background: "#c2410c" } },
  CLOSED: { label: "Closed", colours: { color: "#1f2937", background: "#d1d5db" } },
  HOLIDAY: { label: "Holiday", colours: { color: "#fff", background: "#7c3aed" } },
};

const WINDOWS: Partial<Record<MarketState, string>> = {
  PREOPEN: "opens within the hour",
  PRECLOSE: "closes within 15 minutes",
};

export function MarketStatusChip({ state }: { state: MarketState }) {
  const { label, colours } = MARKET_STATES[state] ?? { label: state, colours: MARKET_STATES.CLOSED.colours };
  return <Chip label={label} colours={colours} title={WINDOWS[state]} />;
}

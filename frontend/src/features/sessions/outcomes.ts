/**
 * Outcome words (the seed's, SPEC §4) → colours, in ONE place: green Worked,
 * red Didn't Work, yellow Pending, gray Expired / No Entry, purple Error
 * (an honest "could not grade", never to be read as a loss). A capture that
 * failed outright (no session at all) wears the Error colour too.
 */
import type { components } from "../../api/schema";
import type { ChipColours } from "../../ui/Chip";

export type Outcome = components["schemas"]["Outcome"];

export const OUTCOMES: Record<Outcome, { colours: ChipColours; hint: string }> = {
  Worked: { colours: { color: "#fff", background: "#15803d" }, hint: "target touched first" },
  "Didn't Work": { colours: { color: "#fff", background: "#b91c1c" }, hint: "stop touched first" },
  Pending: { colours: { color: "#713f12", background: "#fde047" }, hint: "window still open" },
  Expired: { colours: { color: "#1f2937", background: "#d1d5db" }, hint: "neither touched inside the window" },
  "No Entry": { colours: { color: "#374151", background: "#e5e7eb" }, hint: "HOLD: no trade" },
  Error: { colours: { color: "#fff", background: "#7c3aed" }, hint: "could not be graded (see reason)" },
};

/** The badge of a region whose capture failed: no session, so no outcome, but an error all the same. */
export const MISSED = {
  label: "Capture missed",
  colours: OUTCOMES.Error.colours,
  hint: "no session: every capture attempt failed",
};

/** Outcomes that are decided: everything but Pending. */
export const isFinal = (outcome: Outcome) => outcome !== "Pending";

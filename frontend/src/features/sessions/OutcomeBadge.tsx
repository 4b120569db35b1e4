import { Chip } from "../../ui/Chip";
import { OUTCOMES, type Outcome } from "./outcomes";

/** The outcome word on its colour; `reason` (the grader's) goes into the tooltip. */
export function OutcomeBadge({ outcome, reason }: { outcome: Outcome; reason?: string | null }) {
  const { colours, hint } = OUTCOMES[outcome];
  return <Chip label={outcome} colours={colours} title={reason || hint} testId="outcome-badge" />;
}

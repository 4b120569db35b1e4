import type { SignalCode } from "../../api/types";
import { Chip } from "../../ui/Chip";
import { signalDisplay } from "./signals";

export function SignalChip({ signal, testId }: { signal: SignalCode | null; testId?: string }) {
  const { label, colours } = signalDisplay(signal);
  const title = signal === null ? "no net change: not in the TOTAL" : undefined;
  return <Chip label={label} colours={colours} title={title} testId={testId} />;
}

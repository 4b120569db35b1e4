/** A small coloured label (status, signal, outcome, freshness); the colours come from the caller's one table. */
export interface ChipColours {
  color: string;
  background: string;
}

interface ChipProps {
  label: string;
  colours: ChipColours;
  title?: string;
  testId?: string;
}

export function Chip({ label, colours, title, testId }: ChipProps) {
  return (
    <span className="chip" style={colours} title={title} data-testid={testId}>
      {label}
    </span>
  );
}

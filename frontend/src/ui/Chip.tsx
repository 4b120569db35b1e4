/** A small coloured label (status, signal, freshness); the colours come from the caller's one table. */
export interface ChipColours {
  color: string;
  background: string;
}

interface ChipProps {
  label: string;
  colours: ChipColours;
  title?: string;
}

export function Chip({ label, colours, title }: ChipProps) {
  return (
    <span className="chip" style={colours} title={title}>
      {label}
    </span>
  );
}

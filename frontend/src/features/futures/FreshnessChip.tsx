import type { QuoteRow } from "../../api/types";
import { Chip } from "../../ui/Chip";
import { viewerTitle } from "../../ui/time";

const LIVE = { color: "#fff", background: "#15803d" };
const STALE = { color: "#422006", background: "#fbbf24" };
const NONE = { color: "#374151", background: "#e5e7eb" };

/** Live or Stale from the quote's age, as the server judged it (stale_quote_sec). */
export function FreshnessChip({ row }: { row: Pick<QuoteRow, "ts" | "age_sec" | "stale"> }) {
  if (row.ts === null) return <Chip label="No quote" colours={NONE} title="no quote for this symbol yet" />;
  const age = row.age_sec === null ? "" : `, ${Math.round(row.age_sec)} s old`;
  const title = `quote of ${viewerTitle(Date.parse(row.ts))}${age}`;
  if (row.stale) return <Chip label="Stale" colours={STALE} title={`${title}: left out of the TOTAL`} />;
  return <Chip label="Live" colours={LIVE} title={title} />;
}

import { Chip } from "../../ui/Chip";
import { MISSED } from "./outcomes";
import { RegionHead } from "./RegionHead";
import type { MissedCapture } from "./types";

interface MissedCardProps {
  missed: MissedCapture;
  /** the market's name (Tokyo), when the markets board is known */
  displayName?: string;
}

/**
 * A region whose capture failed after its retries (SPEC §3): said in its own
 * card, so a trader never reads a failure as "not open yet", with what to do.
 */
export function MissedCard({ missed, displayName }: MissedCardProps) {
  const titleId = `missed-${missed.id}-title`;
  const attempts = `${missed.attempts} ${missed.attempts === 1 ? "attempt" : "attempts"}`;
  return (
    <article className="session-card" data-testid="missed-card" data-region={missed.region} aria-labelledby={titleId}>
      <RegionHead titleId={titleId} region={missed.region} displayName={displayName} openedAt={missed.opened_at} />
      <p className="session-card__badges">
        <Chip label={MISSED.label} colours={MISSED.colours} title={MISSED.hint} testId="missed-badge" />
      </p>
      <p className="missed-card__error">
        Failed after {attempts}: <span>{missed.error}</span>
      </p>
      <p className="missed-card__help">
        Check the feed: <code>manage.py run_feed</code>; capture by hand: <code>POST /api/market-open/capture/</code>{" "}
        with <code>{`{"region": "${missed.region}"}`}</code>.
      </p>
    </article>
  );
}

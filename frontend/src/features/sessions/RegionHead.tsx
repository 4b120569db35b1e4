import { viewerTitle } from "../../ui/time";
import { regionClock } from "./regionTime";

interface RegionHeadProps {
  /** the id the card's aria-labelledby points at */
  titleId: string;
  region: string;
  /** the market's name (Tokyo), when the markets board is known */
  displayName?: string;
  /** the open in the region's zone, with its offset */
  openedAt: string;
}

/** A today card's title: the region, its market and its open in the region's zone (the viewer's on hover). */
export function RegionHead({ titleId, region, displayName, openedAt }: RegionHeadProps) {
  return (
    <header className="session-card__head">
      <h3 id={titleId}>{region}</h3>
      {displayName && <span className="session-card__market">{displayName}</span>}
      <time dateTime={openedAt} title={viewerTitle(Date.parse(openedAt))}>
        {regionClock(openedAt)}
      </time>
    </header>
  );
}

import { useState } from "react";

import { formatCountdown, viewerTitle } from "../../ui/time";
import { SignalChip } from "../futures/SignalChip";
import { formatElapsed, formatUsd } from "../../ui/figures";
import { OutcomeBadge } from "./OutcomeBadge";
import { RegionHead } from "./RegionHead";
import { regionClock } from "./regionTime";
import { SessionDetails } from "./SessionDetails";
import type { SessionRow } from "./types";
import { formatYm } from "./ymPrice";

interface SessionCardProps {
  /** a list row; today's rows also give the evaluation window */
  session: SessionRow & { window_sec?: number };
  /** the server's clock now (epoch ms), for a Pending trade's time left */
  serverNow: number;
  /** the market's name (Tokyo), when the markets board is known */
  displayName?: string;
}

/** One region's capture: composite, YM trade, outcome and P&L; expands to the path and the 12 snapshots. */
export function SessionCard({ session, serverNow, displayName }: SessionCardProps) {
  const [expanded, setExpanded] = useState(false);
  const entry = session.ym_entry;
  const pnl = session.pnl_usd ?? 0;
  const titleId = `session-${session.id}-title`;
  const detailsId = `session-${session.id}-details`;
  return (
    <article
      className="session-card"
      data-testid="session-card"
      data-region={session.region}
      aria-labelledby={titleId}
    >
      <RegionHead titleId={titleId} region={session.region} displayName={displayName} openedAt={session.opened_at} />
      <p className="session-card__badges">
        <SignalChip signal={session.composite.signal} testId="signal-badge" />
        <OutcomeBadge outcome={session.outcome} reason={session.outcome_reason} />
      </p>
      <dl className="session-card__facts">
        <dt>YM entry</dt>
        <dd>{entry ? `${entry.side} @ ${formatYm(entry.price)}` : "none (HOLD)"}</dd>
        <dt>Spread</dt>
        <dd>{formatYm(entry?.spread)}</dd>
        <dt>Target</dt>
        <dd>{formatYm(entry?.target)}</dd>
        <dt>Stop</dt>
        <dd>{formatYm(entry?.stop)}</dd>
        <dt>P&amp;L</dt>
        <dd className={`session-card__pnl ${pnl > 0 ? "up" : pnl < 0 ? "down" : ""}`}>{formatUsd(session.pnl_usd)}</dd>
        <dt>Time to result</dt>
        <dd>
          <TimeToResult session={session} serverNow={serverNow} />
        </dd>
      </dl>
      <button
        type="button"
        className="session-card__toggle"
        aria-expanded={expanded}
        aria-controls={detailsId}
        onClick={() => setExpanded(!expanded)}
      >
        Details
      </button>
      {expanded && <SessionDetails id={detailsId} session={session} />}
    </article>
  );
}

/** Open → resolution; while Pending, the time left in the window (or how long it has run, without one). */
function TimeToResult({ session, serverNow }: Omit<SessionCardProps, "displayName">) {
  if (session.outcome === "No Entry") return <>at the capture</>;
  const resolved = session.resolved_at;
  if (resolved !== null) {
    const title = `resolved ${regionClock(resolved)} local time; ${viewerTitle(Date.parse(resolved))}`;
    return (
      <time dateTime={resolved} title={title}>
        {formatElapsed(session.elapsed_sec)}
      </time>
    );
  }
  if (session.window_sec === undefined) return <>running {formatElapsed(session.elapsed_sec)}</>;
  const leftSec = session.window_sec - (serverNow - Date.parse(session.opened_at)) / 1000;
  return leftSec > 0 ? <>{formatCountdown(leftSec)} left</> : <>window over: grading</>;
}

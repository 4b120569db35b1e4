import { lazy, Suspense } from "react";

import { EmptyState, ErrorState, Loading } from "../../ui/states";
import { SnapshotTable } from "./SnapshotTable";
import type { SessionRow } from "./types";
import { useSessionDetail, useSessionPath } from "./useSession";

// The chart library is loaded when a trader first opens a card's details, not with the page.
const PathChart = lazy(() => import("./PathChart"));

/** A card's expansion: the price path against target and stop, and the 12 rows stored at the open. */
export function SessionDetails({ id, session }: { id: string; session: SessionRow }) {
  return (
    <div id={id} className="session-card__details">
      <PathSection session={session} />
      <SnapshotSection sessionId={session.id} />
    </div>
  );
}

function PathSection({ session }: { session: SessionRow }) {
  const path = useSessionPath(session.id, session.outcome);
  if (path.isPending) return <Loading what="the price path" />;
  if (path.error) return <ErrorState error={path.error} onRetry={() => void path.refetch()} />;
  if (path.data.ts_ms.length === 0) {
    // The server says why when no path will ever come (a backtest replayed from bars keeps none).
    return (
      <EmptyState>{path.data.reason ?? "No YM quotes after the open yet: the path appears as quotes arrive."}</EmptyState>
    );
  }
  return (
    <Suspense fallback={<Loading what="the chart" />}>
      <PathChart path={path.data} entry={session.ym_entry} />
    </Suspense>
  );
}

function SnapshotSection({ sessionId }: { sessionId: number }) {
  const detail = useSessionDetail(sessionId);
  if (detail.isPending) return <Loading what="the snapshot" />;
  if (detail.error) return <ErrorState error={detail.error} onRetry={() => void detail.refetch()} />;
  return <SnapshotTable rows={detail.data.snapshots} caption="Snapshot at the open" />;
}

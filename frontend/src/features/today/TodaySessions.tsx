import type { ReactElement } from "react";

import { ErrorState, Loading } from "../../ui/states";
import { serverNow } from "../../ui/time";
import { useNow } from "../../ui/useNow";
import { useMarkets } from "../markets/useMarkets";
import { MissedCard } from "../sessions/MissedCard";
import { SessionCard } from "../sessions/SessionCard";
import { EmptyDay } from "./EmptyDay";
import { useToday } from "./useToday";

/** A card and when its region opened, to put the two kinds of card in one open order. */
interface Placed {
  openedAt: string;
  card: ReactElement;
}

/** Stable: the server's order (sessions, then misses) stands among regions opening together. */
const byOpen = (a: Placed, b: Placed) => Date.parse(a.openedAt) - Date.parse(b.openedAt);

/** One card per region opened today (its session, or its failed capture), in open order; Home and Today show it. */
export function TodaySessions() {
  const today = useToday();
  const board = useMarkets();
  const now = useNow();
  if (today.isPending) return <Loading what="today's sessions" />;
  if (today.isError && today.data === undefined) {
    return <ErrorState error={today.error} onRetry={() => void today.refetch()} />;
  }
  // A refresh that failed keeps the last answer on screen, saying how old it is.
  const stale = today.isError && (
    <ErrorState
      error={today.error}
      hint={`Showing today as of ${new Date(today.dataUpdatedAt).toLocaleTimeString()}; retrying.`}
      onRetry={() => void today.refetch()}
    />
  );
  const { sessions, missed } = today.data;
  if (sessions.length === 0 && missed.length === 0) {
    return (
      <>
        {stale}
        <EmptyDay />
      </>
    );
  }
  const nowOnServer = serverNow(today.data.now, today.dataUpdatedAt, now);
  const names = new Map(board.data?.markets.map((market) => [market.region, market.display_name]));
  const cards: Placed[] = [
    ...sessions.map((session) => ({
      openedAt: session.opened_at,
      card: (
        <SessionCard
          key={session.id}
          session={session}
          serverNow={nowOnServer}
          displayName={names.get(session.region)}
        />
      ),
    })),
    ...missed.map((miss) => ({
      openedAt: miss.opened_at,
      card: <MissedCard key={`missed-${miss.id}`} missed={miss} displayName={names.get(miss.region)} />,
    })),
  ];
  return (
    <>
      {stale}
      <div className="session-grid">{cards.sort(byOpen).map((placed) => placed.card)}</div>
    </>
  );
}

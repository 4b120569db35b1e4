import { ErrorState, Loading } from "../../ui/states";
import { useNow } from "../../ui/useNow";
import { useMarkets } from "../markets/useMarkets";
import { SessionCard } from "../sessions/SessionCard";
import { EmptyDay } from "./EmptyDay";
import { useToday } from "./useToday";

/** One card per region opened today, in open order; Home and Today both show it. */
export function TodaySessions() {
  const today = useToday();
  const board = useMarkets();
  const now = useNow();
  if (today.isPending) return <Loading what="today's sessions" />;
  if (today.error) return <ErrorState error={today.error} onRetry={() => void today.refetch()} />;
  const { sessions } = today.data;
  if (sessions.length === 0) return <EmptyDay />;
  const serverNow = Date.parse(today.data.now) + (now - today.dataUpdatedAt);
  const names = new Map(board.data?.markets.map((market) => [market.region, market.display_name]));
  return (
    <div className="session-grid">
      {sessions.map((session) => (
        <SessionCard key={session.id} session={session} serverNow={serverNow} displayName={names.get(session.region)} />
      ))}
    </div>
  );
}

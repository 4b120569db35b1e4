import { useQuery } from "@tanstack/react-query";

import { getQuery } from "../../api/client";
import type { MarketNow } from "../../api/types";
import { EmptyState } from "../../ui/states";
import { formatCountdown, formatMinute, serverNow, viewerTitle } from "../../ui/time";
import { useNow } from "../../ui/useNow";
import { useMarkets } from "../markets/useMarkets";
import { IDLE_REFRESH_MS } from "./useToday";

const YM_ONLY = new URLSearchParams({ symbols: "YM" });
const START_FEED = (
  <>
    start one with <code>manage.py run_feed --source sim</code> (<code>./thor run</code> starts it)
  </>
);

/** No session yet today: when the next capture comes, and whether quotes arrive for it. */
export function EmptyDay() {
  return (
    <EmptyState>
      <p>No sessions yet today: a card appears here at each region's open.</p>
      <NextOpen />
      <FeedCheck />
    </EmptyState>
  );
}

function NextOpen() {
  const { data, dataUpdatedAt } = useMarkets();
  const now = useNow();
  if (data === undefined) return null;
  const next = data.markets
    .filter((market): market is MarketNow & { next_open_utc: string } => market.next_open_utc !== null)
    .sort((a, b) => Date.parse(a.next_open_utc) - Date.parse(b.next_open_utc))[0];
  if (next === undefined) return <p>No market has an open scheduled.</p>;
  const instant = Date.parse(next.next_open_utc);
  const nowOnServer = serverNow(data.now, dataUpdatedAt, now);
  return (
    <p>
      Next open: <strong>{next.display_name}</strong> in {formatCountdown((instant - nowOnServer) / 1000)} (
      <time dateTime={next.next_open_utc} title={viewerTitle(instant)}>
        {formatMinute(instant, next.timezone)}
      </time>
      ).
    </p>
  );
}

/** The capture needs a fresh YM quote at the open: say so now rather than after a missed capture. */
function FeedCheck() {
  // The server judges staleness (stale_quote_sec, editable in the admin): the capture's own rule.
  const snapshot = useQuery({
    queryKey: ["quote-snapshot", "YM"],
    queryFn: () => getQuery("/api/feed/quotes/snapshot", YM_ONLY),
    refetchInterval: IDLE_REFRESH_MS,
  });
  if (snapshot.error) {
    return <p>Thor cannot read quotes: check Redis (REDIS_URL), or the database on the embedded default.</p>;
  }
  if (snapshot.data === undefined) return null;
  const ym = snapshot.data.quotes.find((quote) => quote.symbol === "YM");
  if (ym === undefined) return <p>No feed: no YM quote has arrived; {START_FEED}.</p>;
  if (ym.stale) {
    return (
      <p>
        No feed: the last YM quote is {formatCountdown(ym.age_sec)} old; {START_FEED}.
      </p>
    );
  }
  return null;
}

import { useEffect, useRef } from "react";

import type { MarketNow } from "../../api/types";
import { EmptyState, ErrorState, Loading } from "../../ui/states";
import { formatClock, formatCountdown, formatMinute, serverNow, viewerTitle } from "../../ui/time";
import { useNow } from "../../ui/useNow";
import { MarketStatusChip } from "./status";
import { useMarkets } from "./useMarkets";

/**
 * Every market's status, local time and countdown to its next open or close.
 *
 * The server is asked once a minute; between answers the clocks run from the
 * server's own `now` (which may be simulated time) plus the seconds elapsed
 * in the browser, and the board is fetched again as soon as an event is due.
 */
export function GlobalMarketsTable() {
  const { data, dataUpdatedAt, error, isPending, refetch } = useMarkets();
  const now = useNow();
  // Whole seconds since the answer; rounded, as the ticks fall a few ms after whole seconds of it.
  const elapsedSec = Math.max(0, Math.round((now - dataUpdatedAt) / 1000));
  const due = data?.markets.some((m) => m.seconds_to_next_event !== null && m.seconds_to_next_event <= elapsedSec);
  const refetchedFor = useRef(0);
  useEffect(() => {
    // Once per answer: if the server still sees the event ahead, the next answer says so.
    if (due && refetchedFor.current !== dataUpdatedAt) {
      refetchedFor.current = dataUpdatedAt;
      void refetch();
    }
  }, [due, dataUpdatedAt, refetch]);

  if (isPending) return <Loading what="the market clock" />;
  if (error) return <ErrorState error={error} onRetry={() => void refetch()} />;
  if (data.markets.length === 0) {
    return <EmptyState>No markets are active: switch them on in the Django admin (Timezones › Markets).</EmptyState>;
  }
  const nowOnServer = serverNow(data.now, dataUpdatedAt, now);
  return (
    <table className="markets">
      <caption>Global Markets</caption>
      <thead>
        <tr>
          <th scope="col">Region</th>
          <th scope="col">Local time</th>
          <th scope="col">Status</th>
          <th scope="col">Next</th>
          <th scope="col">Note</th>
        </tr>
      </thead>
      <tbody>
        {data.markets.map((market) => (
          <MarketRow key={market.region} market={market} serverNow={nowOnServer} elapsedSec={elapsedSec} />
        ))}
      </tbody>
    </table>
  );
}

function MarketRow({ market, serverNow, elapsedSec }: { market: MarketNow; serverNow: number; elapsedSec: number }) {
  return (
    <tr>
      <th scope="row">
        {market.display_name}
        <span className="markets__calendar">{market.calendar}</span>
      </th>
      <td>
        <time title={viewerTitle(serverNow)}>{formatClock(serverNow, market.timezone)}</time>
      </td>
      <td>
        <MarketStatusChip state={market.status} />
      </td>
      <td>
        <NextEvent market={market} elapsedSec={elapsedSec} />
      </td>
      <td>{market.reason}</td>
    </tr>
  );
}

function NextEvent({ market, elapsedSec }: { market: MarketNow; elapsedSec: number }) {
  const at = market.next_event === "open" ? market.next_open_utc : market.next_close_utc;
  if (market.next_event === null || market.seconds_to_next_event === null || at === null) return <>—</>;
  const instant = Date.parse(at);
  const verb = market.next_event === "open" ? "opens" : "closes";
  return (
    <>
      <span className="markets__countdown">
        {verb} in {formatCountdown(market.seconds_to_next_event - elapsedSec)}
      </span>
      <time className="markets__at" dateTime={at} title={viewerTitle(instant)}>
        {formatMinute(instant, market.timezone)}
      </time>
    </>
  );
}

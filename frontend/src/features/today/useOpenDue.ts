import { useEffect, useRef } from "react";

import { useNow } from "../../ui/useNow";
import { useMarkets } from "../markets/useMarkets";

/** From this long before an open… */
const DUE_BEFORE_MS = 120_000;
/** …until this long after it, while the capture lands (retries included). */
const DUE_AFTER_MS = 60_000;

/** Is `now` near one of `opens` (epoch ms)? */
function openIsDue(opens: Iterable<number>, now: number): boolean {
  for (const open of opens) if (now >= open - DUE_BEFORE_MS && now <= open + DUE_AFTER_MS) return true;
  return false;
}

/**
 * Whether a market opens soon or just opened, by the browser's clock.
 *
 * Opens are remembered from every board seen: at an open the board moves that
 * market's next open to its next trading day, but its capture is still on the
 * way. The server's clock may run simulated time, so each open is moved onto
 * the browser's clock by the board's own `now`.
 */
export function useOpenDue(): boolean {
  const { data, dataUpdatedAt } = useMarkets();
  const now = useNow();
  const opens = useRef(new Set<number>());
  useEffect(() => {
    if (data === undefined) return;
    const skew = Date.parse(data.now) - dataUpdatedAt;
  for (const open of opens.current) if (open + DUE_AFTER_MS < Date.now()) opens.current.delete(open);
    for (const market of data.markets) {
      if (market.next_open_utc !== null) opens.current.add(Date.parse(market.next_open_utc) - skew);
    }
  }, [data, dataUpdatedAt]);
  return openIsDue(opens.current, now);
}

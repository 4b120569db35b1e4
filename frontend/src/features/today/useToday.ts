import { useQuery } from "@tanstack/react-query";

import { getQuery } from "../../api/client";
import { LIVE_REFRESH_MS } from "../sessions/useSession";
import { useOpenDue } from "./useOpenDue";

/** Nothing is being decided and no open is near: today's sessions are asked this often. */
export const IDLE_REFRESH_MS = 30_000;

export const TODAY_KEY = ["market-open", "today"] as const;

/**
 * Today's sessions (each region's own trading date), shared by Home and Today.
 * Asked every 3 s while a trade is Pending or an open is due, so a capture
 * and an outcome show within seconds; every 30 s otherwise.
 */
export function useToday() {
  const openDue = useOpenDue();
  return useQuery({
    queryKey: TODAY_KEY,
    queryFn: () => getQuery("/api/market-open/today/"),
    refetchInterval: (query) =>
      openDue || query.state.data?.sessions.some((session) => session.outcome === "Pending")
        ? LIVE_REFRESH_MS
        : IDLE_REFRESH_MS,
  });
}

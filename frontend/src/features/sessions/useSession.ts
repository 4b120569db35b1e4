import { keepPreviousData, useQuery } from "@tanstack/react-query";

import { getQuery } from "../../api/client";
import { isFinal, type Outcome } from "./outcomes";

/** How often anything still being decided is asked again (a Pending trade, its price path, a due open). */
export const LIVE_REFRESH_MS = 3000;

/** One session in full: its 12 snapshot rows (11 futures + TOTAL). Recorded at the open, so asked once. */
export function useSessionDetail(id: number) {
  return useQuery({
    queryKey: ["market-open", "sessions", id],
    queryFn: () => getQuery("/api/market-open/sessions/{id}/", undefined, id),
    staleTime: Infinity,
  });
}

/**
 * YM's quotes in the session's window: they grow while the trade is Pending,
 * and are asked once more when it resolves, so the touching quote is drawn.
 */
export function useSessionPath(id: number, outcome: Outcome) {
  return useQuery({
    queryKey: ["market-open", "sessions", id, "path", outcome],
    queryFn: () => getQuery("/api/market-open/sessions/{id}/path/", undefined, id),
    refetchInterval: isFinal(outcome) ? false : LIVE_REFRESH_MS,
    placeholderData: keepPreviousData, // the chart stays while the resolved path loads
  });
}

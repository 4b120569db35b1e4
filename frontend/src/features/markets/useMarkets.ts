import { useQuery } from "@tanstack/react-query";

import { api } from "../../api/client";

/** The board is asked for once a minute; the clocks and countdowns tick locally in between. */
export const MARKETS_REFRESH_MS = 60_000;

export function useMarkets() {
  return useQuery({ queryKey: ["timezones", "markets"], queryFn: api.markets, refetchInterval: MARKETS_REFRESH_MS });
}

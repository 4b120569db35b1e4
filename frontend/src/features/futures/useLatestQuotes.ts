import { useQuery } from "@tanstack/react-query";

import { api } from "../../api/client";

/** Signals and the TOTAL are computed by the server: the board is re-read this often while shown. */
export const BOARD_REFRESH_MS = 5000;

export function useLatestQuotes() {
  return useQuery({
    queryKey: ["futuretrading", "quotes", "latest"],
    queryFn: api.latestQuotes,
    refetchInterval: BOARD_REFRESH_MS,
  });
}

/** History's requests: aggregated answers only (never every session), each keyed by the filters it carries. */
import { keepPreviousData, useQuery } from "@tanstack/react-query";

import { getQuery } from "../../api/client";
import type { components } from "../../api/schema";
import { withParams } from "./useHistoryParams";

type Schemas = components["schemas"];
export type Stats = Schemas["Stats"];
export type BreakdownRow = Schemas["BreakdownRow"];
export type EquityPoint = Schemas["EquityPoint"];
export type Predictors = Schemas["Predictors"];
export type SessionList = Schemas["SessionList"];
export type SessionRow = Schemas["SessionRow"];
export type WhatIf = Schemas["WhatIf"];
export type WhatIfSummary = Schemas["WhatIfSummary"];
export type SessionSymbols = Schemas["SessionSymbols"];
export type Run = Schemas["Run"];

export const PAGE_SIZE = 50;

/** What the what-if panel asks: the API's parameter names; "" leaves a value as recorded. */
export interface WhatIfQuestion {
  target_usd: string;
  stop_usd: string;
  window_sec: string;
}

const key = (name: string, query: URLSearchParams) => ["market-open", name, query.toString()];

export function useStats(filters: URLSearchParams) {
  return useQuery({
    queryKey: key("stats", filters),
    queryFn: () => getQuery("/api/market-open/stats/", filters),
    placeholderData: keepPreviousData,
  });
}

/**
 * `after`: asked once the headline figures are in. The two are the heaviest
 * requests and share the server's cores; the stat cards first is what a
 * trader reads first.
 */
export function usePredictors(filters: URLSearchParams, after: boolean) {
  return useQuery({
    queryKey: key("predictors", filters),
    queryFn: () => getQuery("/api/market-open/predictors/", filters),
    placeholderData: keepPreviousData,
    enabled: after,
  });
}

export function useSessions(filters: URLSearchParams, ordering: string | null, page: number) {
  const query = withParams(filters, { ordering, page: page > 1 ? page : null, page_size: PAGE_SIZE });
  return useQuery({
    queryKey: key("sessions", query),
    queryFn: () => getQuery("/api/market-open/sessions/", query),
    placeholderData: keepPreviousData,
  });
}

/** Asked only once the trader changed something: re-grading thousands of sessions is not free. */
export function useWhatIf(filters: URLSearchParams, question: WhatIfQuestion) {
  const query = withParams(filters, { ...question });
  const asked = Object.values(question).some((value) => value !== "");
  return useQuery({
    queryKey: key("whatif", query),
    queryFn: () => getQuery("/api/market-open/whatif/", query),
    enabled: asked,
    placeholderData: keepPreviousData,
  });
}

export function useRuns() {
  return useQuery({ queryKey: ["market-open", "runs"], queryFn: () => getQuery("/api/market-open/runs/") });
}

export function useSessionSymbols(id: number) {
  return useQuery({
    queryKey: ["market-open", "symbols", id],
    queryFn: () => getQuery("/api/market-open/sessions/{id}/symbols/", undefined, id),
    staleTime: Infinity, // a session's snapshot at its open never changes
  });
}

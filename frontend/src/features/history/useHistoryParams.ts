/**
 * Everything a History view depends on lives in the URL, so a view can be
 * bookmarked: the filters (named as the API names them and passed through
 * unchanged) and the session table's `ordering` and `page`.
 */
import { useMemo, useRef } from "react";
import { useSearchParams } from "react-router";

export const FILTER_NAMES = ["region", "day_of_week", "start_date", "end_date", "outcome", "signal", "run"] as const;
export type FilterName = (typeof FILTER_NAMES)[number];

/** What the drawer calls each filter; the empty state names the ones to loosen with these words. */
export const FILTER_LABELS: Record<FilterName, string> = {
  region: "Region",
  day_of_week: "Day of week",
  start_date: "From",
  end_date: "To",
  outcome: "Outcome",
  signal: "Signal",
  run: "Backtest run",
};

export function useHistoryParams() {
  const [params, setParams] = useSearchParams();
  const key = params.toString();
  // A new object only when the URL changes: it goes into query keys.
  const filters = useMemo(() => {
    const url = new URLSearchParams(key);
    const picked = new URLSearchParams();
    for (const name of FILTER_NAMES) for (const value of url.getAll(name)) if (value) picked.append(name, value);
    return picked;
  }, [key]);

  // The router commits a new URL in a transition, so a second change can come before this component saw
  // the first (a quick trader, a busy machine): it builds on the pending URL, not on the one rendered.
  const pending = useRef<{ base: string; next: URLSearchParams } | null>(null);
  const update = (change: (next: URLSearchParams) => void) => {
    const next = new URLSearchParams(pending.current?.base === key ? pending.current.next : params);
    change(next);
    pending.current = { base: key, next };
    setParams(next);
  };

  return {
    filters,
    ordering: params.get("ordering"),
    page: Math.max(1, Number(params.get("page")) || 1),
    /** Set (or with "" remove) one filter; the table goes back to its first page. */
    setFilter: (name: FilterName, value: string) =>
      update((next) => {
        if (value) next.set(name, value);
        else next.delete(name);
        next.delete("page");
      }),
    clearFilters: () =>
      update((next) => {
        for (const name of FILTER_NAMES) next.delete(name);
        next.delete("page");
      }),
    setOrdering: (ordering: string | null) =>
      update((next) => {
        if (ordering) next.set("ordering", ordering);
        else next.delete("ordering");
        next.delete("page");
      }),
    setPage: (page: number) =>
      update((next) => {
        if (page > 1) next.set("page", String(page));
        else next.delete("page");
      }),
  };
}

/** `filters` plus more parameters, for one request. */
export function withParams(filters: URLSearchParams, more: Record<string, string | number | null | undefined>) {
  const query = new URLSearchParams(filters);
  for (const [name, value] of Object.entries(more)) if (value != null && value !== "") query.set(name, String(value));
  return query;
}

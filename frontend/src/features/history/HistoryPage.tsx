/**
 * /futures/market-open/history: the trader's questions answered from the
 * API's aggregated answers (stats, predictors, one page of sessions, asked in
 * parallel), never by fetching every session; the filters live in the URL.
 */
import { lazy, Suspense, useDeferredValue, useEffect } from "react";

import { ErrorState, Loading } from "../../ui/states";
import { ExportLinks } from "./ExportLinks";
import { FiltersDrawer } from "./FiltersDrawer";
import { HistoryEmpty } from "./HistoryEmpty";
import { PredictorsTable } from "./PredictorsTable";
import { usePredictors, useSessions, useStats } from "./queries";
import { SessionTable } from "./SessionTable";
import { StatCards } from "./StatCards";
import { FILTER_LABELS, type FilterName, useHistoryParams } from "./useHistoryParams";
import { WhatIfPanel } from "./WhatIfPanel";

// recharts is the biggest chunk: it loads while the numbers are asked for, and never delays them (nor Home).
const loadCharts = () => import("./HistoryCharts");
const HistoryCharts = lazy(loadCharts);

const BAD_FILTER_HINT = "Check the filters (the address bar holds them), or clear them.";

export function HistoryPage() {
  const view = useHistoryParams();
  useEffect(() => void loadCharts(), []);
  const { filters, ordering, page } = view;
  const stats = useStats(filters);
  const predictors = usePredictors(filters, stats.isFetched);
  const sessions = useSessions(filters, ordering, page);
  // Drawing the charts takes longer than the numbers: the cards paint first, the charts in a later render.
  const chartStats = useDeferredValue(stats.data ?? null, null);
  // After a filter change each block shows the previous filter's answer until its own arrives (the predictors
  // wait for the stats): mark those blocks, and keep "Updating…" up until the last one is in.
  const updating =
    (stats.isFetching && !stats.isPending) || predictors.isPlaceholderData || sessions.isPlaceholderData;
  const applied = [...new Set(filters.keys())].map(
    (name) => `${FILTER_LABELS[name as FilterName]}: ${filters.getAll(name).join(", ")}`,
  );

  return (
    <div className="page history">
      <div className="toolbar history-toolbar">
        <h1>History</h1>
        <FiltersDrawer filters={filters} onChange={view.setFilter} onClear={view.clearFilters} />
        <ExportLinks filters={filters} ordering={ordering} />
        {updating && (
          <span className="hint" role="status">
            Updating…
          </span>
        )}
      </div>
      <p className="hint history-applied">{applied.length > 0 ? applied.join(" · ") : "Live sessions, all of them"}</p>
      {stats.isPending ? (
        <Loading what="history" />
      ) : stats.isError ? (
        <ErrorState error={stats.error} hint={BAD_FILTER_HINT} onRetry={() => stats.refetch()} />
      ) : stats.data.summary.total_sessions === 0 ? (
        <HistoryEmpty filters={filters} onClear={view.clearFilters} />
      ) : (
        <>
          <StatCards summary={stats.data.summary} />
          <Suspense fallback={<Loading what="the charts" />}>
            {chartStats ? <HistoryCharts stats={chartStats} /> : <Loading what="the charts" />}
          </Suspense>
          {predictors.isPending ? (
            <Loading what="the predictors" />
          ) : predictors.isError ? (
            <ErrorState error={predictors.error} onRetry={() => predictors.refetch()} />
          ) : (
            <div aria-busy={predictors.isPlaceholderData}>
              <PredictorsTable predictors={predictors.data} />
            </div>
          )}
          <WhatIfPanel filters={filters} />
          {sessions.isPending ? (
            <Loading what="the sessions" />
          ) : sessions.isError ? (
            <ErrorState error={sessions.error} onRetry={() => sessions.refetch()} />
          ) : (
            <div aria-busy={sessions.isPlaceholderData}>
              <SessionTable
                sessions={sessions.data}
                ordering={ordering}
                onOrdering={view.setOrdering}
                onPage={view.setPage}
              />
            </div>
          )}
        </>
      )}
    </div>
  );
}

import { EmptyState } from "../../ui/states";
import { FILTER_LABELS, type FilterName } from "./useHistoryParams";

/** No session to show: say which filters to loosen, or how to get sessions at all. */
export function HistoryEmpty({ filters, onClear }: { filters: URLSearchParams; onClear: () => void }) {
  const set = [...new Set(filters.keys())] as FilterName[];
  if (set.length === 0) {
    return (
      <EmptyState>
        <p>No live sessions yet: Thor records one per region at each market open while it runs (./thor run).</p>
        <p>
          To study past data now, simulate 20 trading days and replay them:{" "}
          <code>
            .venv/bin/python manage.py simulate_quotes var/sample.csv.gz && .venv/bin/python manage.py replay
            var/sample.csv.gz --run sample
          </code>
          , then pick the run under Filters → Backtest run. A quote file of your own replays the same way (
          <code>manage.py replay PATH --run NAME</code>).
        </p>
      </EmptyState>
    );
  }
  const named = set.map((name) => `${FILTER_LABELS[name]} (${filters.getAll(name).join(", ")})`);
  return (
    <EmptyState>
      <p>No sessions match these filters. Loosen {named.join(" or ")}.</p>
      <button type="button" onClick={onClear}>
        Clear filters
      </button>
    </EmptyState>
  );
}

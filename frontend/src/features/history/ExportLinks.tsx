import { withParams } from "./useHistoryParams";

/** The history API's own export of the current view: the session rows, every page, in the table's order. */
export function exportUrl(filters: URLSearchParams, ordering: string | null, format: "csv" | "xlsx"): string {
  return `/api/market-open/history/?${withParams(filters, { ordering, format })}`;
}

export function ExportLinks({ filters, ordering }: { filters: URLSearchParams; ordering: string | null }) {
  return (
    <span className="history-exports">
      <a href={exportUrl(filters, ordering, "csv")} download>
        Download CSV
      </a>
      <a href={exportUrl(filters, ordering, "xlsx")} download>
        Download Excel
      </a>
    </span>
  );
}

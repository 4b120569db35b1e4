import { Fragment, useState } from "react";

import { viewerTitle } from "../../ui/time";
import { SignalChip } from "../futures/SignalChip";
import { OutcomeBadge } from "../sessions/OutcomeBadge";
import { formatYm } from "../sessions/ymPrice";
import { formatElapsed, formatUsd } from "../../ui/figures";
import type { SessionList, SessionRow } from "./queries";
import { SymbolRows } from "./SymbolRows";

/** Columns the server sorts on (its `ordering` names); the others are not sortable. */
const COLUMNS: Array<{ label: string; sort?: string; numeric?: boolean }> = [
  { label: "Date", sort: "trading_date" },
  { label: "Region", sort: "region" },
  { label: "Weekday", sort: "day_of_week" },
  { label: "Signal", sort: "composite_signal" },
  { label: "YM entry", numeric: true },
  { label: "Outcome", sort: "outcome" },
  { label: "P&L", sort: "pnl_usd", numeric: true },
  { label: "Resolved after", numeric: true },
];
const ARROWS = { ascending: " ▲", descending: " ▼", none: "" };
/** No trade to resolve (No Entry), or not yet (Pending): no time to resolution. */
const UNRESOLVED = new Set(["Pending", "No Entry"]);
/** The server's default order: newest open first. */
const DEFAULT_ORDERING = "-trading_date";

function sortState(column: string, ordering: string): "ascending" | "descending" | undefined {
  if (ordering === column) return "ascending";
  if (ordering === `-${column}`) return "descending";
  return undefined;
}

/** "09:00": the open's wall time in the region's own zone, as the API wrote it (with its offset). */
function openTime(row: SessionRow): string {
  return row.opened_at.slice(11, 16);
}

function Entry({ row }: { row: SessionRow }) {
  const entry = row.ym_entry;
  if (entry === null) return <>—</>;
  return (
    <>
      {entry.side} {formatYm(entry.price)}
    </>
  );
}

interface SessionTableProps {
  sessions: SessionList;
  ordering: string | null;
  onOrdering: (ordering: string | null) => void;
  onPage: (page: number) => void;
}

/** One page of sessions, sorted and paged by the server; a row opens to its 11 symbols. */
export function SessionTable({ sessions, ordering, onOrdering, onPage }: SessionTableProps) {
  const [open, setOpen] = useState<number | null>(null);
  const current = ordering ?? DEFAULT_ORDERING;
  const pages = Math.max(1, Math.ceil(sessions.count / sessions.page_size));
  const sortBy = (column: string) => {
    // A new column sorts ascending; the same column again flips it.
    const next = current === column ? `-${column}` : column;
    onOrdering(next === DEFAULT_ORDERING ? null : next);
  };

  return (
    <section className="history-section" aria-labelledby="history-sessions">
      <h2 id="history-sessions">Sessions</h2>
      <table className="history-table history-sessions" data-testid="session-table" aria-label="Sessions">
        <thead>
          <tr>
            <th scope="col">
              <span className="visually-hidden">Symbols</span>
            </th>
            {COLUMNS.map(({ label, sort, numeric }) => (
              <th
                key={label}
                scope="col"
                className={numeric ? "num" : undefined}
                aria-sort={sort ? sortState(sort, current) : undefined}
              >
                {sort ? (
                  <button type="button" className="history-sort" onClick={() => sortBy(sort)}>
                    {label}
                    <span aria-hidden="true">{ARROWS[sortState(sort, current) ?? "none"]}</span>
                  </button>
                ) : (
                  label
                )}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {sessions.results.map((row) => (
            <Fragment key={row.id}>
              <tr>
                <td>
                  <button
                    type="button"
                    className="history-expand"
                    aria-expanded={open === row.id}
                    aria-label={`Symbols of ${row.region} ${row.trading_date}`}
                    onClick={() => setOpen(open === row.id ? null : row.id)}
                  >
                    {open === row.id ? "▾" : "▸"}
                  </button>
                </td>
                <td>
                  <time dateTime={row.opened_at} title={viewerTitle(Date.parse(row.opened_at))}>
                    {row.trading_date} {openTime(row)}
                  </time>
                </td>
                <td>{row.region}</td>
                <td>{row.day_of_week}</td>
                <td>
                  <SignalChip signal={row.composite.signal} testId="signal-badge" />
                </td>
                <td className="num">
                  <Entry row={row} />
                </td>
                <td>
                  <OutcomeBadge outcome={row.outcome} reason={row.outcome_reason} />
                </td>
                <td className={`num ${(row.pnl_usd ?? 0) > 0 ? "up" : (row.pnl_usd ?? 0) < 0 ? "down" : ""}`}>
                  {formatUsd(row.pnl_usd)}
                </td>
                <td className="num">{UNRESOLVED.has(row.outcome) ? "—" : formatElapsed(row.elapsed_sec)}</td>
              </tr>
              {open === row.id && (
                <tr className="history-sessions__detail">
                  <td colSpan={COLUMNS.length + 1}>
                    <SymbolRows sessionId={row.id} />
                  </td>
                </tr>
              )}
            </Fragment>
          ))}
        </tbody>
      </table>
      <nav className="history-pager" aria-label="Session pages">
        <button type="button" disabled={sessions.page <= 1} onClick={() => onPage(sessions.page - 1)}>
          Previous
        </button>
        <span>
          Page {sessions.page} of {pages} · {sessions.count} sessions
        </span>
        <button type="button" disabled={sessions.next === null} onClick={() => onPage(sessions.page + 1)}>
          Next
        </button>
      </nav>
    </section>
  );
}

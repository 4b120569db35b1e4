import { ApiError } from "../../api/client";
import { Chip, type ChipColours } from "../../ui/Chip";
import { EmptyState, ErrorState, Loading } from "../../ui/states";
import { applyQuotes } from "./applyQuotes";
import { SymbolCard } from "./SymbolCard";
import { TotalCard } from "./TotalCard";
import { BOARD_REFRESH_MS, useLatestQuotes } from "./useLatestQuotes";
import { STREAM_RETRY_MS, type StreamState, useQuoteStream } from "./useQuoteStream";

const GRAY = { color: "#374151", background: "#e5e7eb" };
const STREAM_CHIPS: Record<StreamState, { label: string; title: string; colours: ChipColours }> = {
  connecting: { label: "Connecting…", title: "opening the quote stream", colours: GRAY },
  live: {
    label: "Streaming",
    title: "quotes arrive as the feed sends them",
    colours: { color: "#fff", background: "#15803d" },
  },
  reconnecting: {
    label: "Reconnecting…",
    title: "the quote stream dropped; the browser reconnects",
    colours: { color: "#422006", background: "#fbbf24" },
  },
  closed: {
    label: "Stream stopped",
    title: `the server refused the quote stream; retrying every ${STREAM_RETRY_MS / 1000} s`,
    colours: { color: "#fff", background: "#b91c1c" },
  },
};

const BUS_DOWN_HINT =
  "Thor cannot read quotes: check Redis (REDIS_URL), or the database on the embedded default. " +
  `Retrying every ${BOARD_REFRESH_MS / 1000} s.`;

/** The 11 futures and their TOTAL: the latest board, kept live by the quote stream. */
export function FuturesPanel() {
  const board = useLatestQuotes();
  const stream = useQuoteStream();

  if (board.isPending) return <Loading what="the futures board" />;
  if (board.error) {
    const hint = board.error instanceof ApiError && board.error.status === 503 ? BUS_DOWN_HINT : undefined;
    return <ErrorState error={board.error} hint={hint} onRetry={() => void board.refetch()} />;
  }
  const rows = applyQuotes(board.data.rows, stream.quotes);
  const streamChip = STREAM_CHIPS[stream.state];
  return (
    <div className="futures">
      <div className="futures__head">
        <h2>Future Trading</h2>
        <Chip label={streamChip.label} colours={streamChip.colours} title={streamChip.title} />
      </div>
      {rows.every((row) => row.ts === null) ? (
        <EmptyState>
          No quotes yet: start a feed with <code>manage.py run_feed --source sim</code> (<code>./thor run</code> starts
          one).
        </EmptyState>
      ) : (
        <div className="futures__grid">
          <TotalCard total={board.data.total} instruments={rows.length} />
          {rows.map((row) => (
            <SymbolCard key={row.instrument.symbol} row={row} />
          ))}
        </div>
      )}
    </div>
  );
}

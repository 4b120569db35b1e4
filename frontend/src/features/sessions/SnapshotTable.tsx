import type { SignalCode } from "../../api/types";
import { formatPrice, formatSigned } from "../../ui/numbers";
import { SignalChip } from "../futures/SignalChip";
import { tickDecimals } from "../../ui/figures";
import type { Snapshot } from "./types";

const TOTAL = "TOTAL";

/** The 12 rows stored at the open: each future as it stood, and the TOTAL composite they made. */
export function SnapshotTable({ snapshots }: { snapshots: Snapshot[] }) {
  return (
    <table className="session-snapshots">
      <caption>Snapshot at the open</caption>
      <thead>
        <tr>
          <th scope="col">Symbol</th>
          <th scope="col">Signal</th>
          <th scope="col">Weight</th>
          <th scope="col">Last</th>
          <th scope="col">Bid</th>
          <th scope="col">Ask</th>
          <th scope="col">Spread</th>
          <th scope="col">Change</th>
        </tr>
      </thead>
      <tbody>
        {snapshots.map((row) =>
          row.symbol === TOTAL ? <TotalRow key={TOTAL} row={row} /> : <SymbolRow key={row.symbol} row={row} />,
        )}
      </tbody>
    </table>
  );
}

/** A symbol without a net change at the open has no signal (stored blank). */
const signalOf = (row: Snapshot): SignalCode | null => (row.signal ? row.signal : null);

function SymbolRow({ row }: { row: Snapshot }) {
  const dp = tickDecimals(row.tick_size);
  const price = (value: number | null | undefined) => formatPrice(value, dp);
  const why = row.excluded_reason ? `: ${row.excluded_reason}` : "";
  const note = row.stale ? `stale quote${why}, left out of the TOTAL` : undefined;
  return (
    <tr className={row.stale ? "session-snapshots__stale" : undefined} title={note}>
      <th scope="row">{row.symbol}</th>
      <td>
        <SignalChip signal={signalOf(row)} />
      </td>
      <td>{formatSigned(row.signal_weight, 0)}</td>
      <td>{price(row.last)}</td>
      <td>{price(row.bid)}</td>
      <td>{price(row.ask)}</td>
      <td>{price(row.spread)}</td>
      <td>{formatSigned(row.change, dp)}</td>
    </tr>
  );
}

function TotalRow({ row }: { row: Snapshot }) {
  return (
    <tr className="session-snapshots__total">
      <th scope="row">{TOTAL}</th>
      <td>
        <SignalChip signal={signalOf(row)} />
      </td>
      <td>{formatSigned(row.signal_weight_sum, 0)}</td>
      <td colSpan={5}>
        weighted average {formatPrice(row.weighted_average, 2)} · {row.instrument_count ?? 0} instruments
      </td>
    </tr>
  );
}

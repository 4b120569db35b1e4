import type { SignalCode } from "../../api/types";
import { formatUsd, tickDecimals } from "../../ui/figures";
import { formatPrice, formatSigned } from "../../ui/numbers";
import { SignalChip } from "../futures/SignalChip";
import { OutcomeBadge } from "./OutcomeBadge";
import type { Snapshot } from "./types";

const TOTAL = "TOTAL";
const COLUMNS = ["Symbol", "Signal", "Weight", "Last", "Bid", "Ask", "Spread", "Change"];
const TRADE_COLUMNS = ["Its trade", "P&L"];

/**
 * The futures of one session as they stood at its open, the same columns wherever a trader reads them
 * (Today's card details, History's session rows). `trades` adds each symbol's theoretical trade; a TOTAL
 * row, when the rows hold one, shows the composite they made.
 */
export function SnapshotTable({
  rows,
  caption,
  trades = false,
}: {
  rows: Snapshot[];
  caption: string;
  trades?: boolean;
}) {
  const columns = trades ? [...COLUMNS, ...TRADE_COLUMNS] : COLUMNS;
  return (
    <table className="session-snapshots">
      <caption>{caption}</caption>
      <thead>
        <tr>
          {columns.map((name) => (
            <th scope="col" key={name}>
              {name}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) =>
          row.symbol === TOTAL ? (
            <TotalRow key={TOTAL} row={row} span={columns.length - 3} />
          ) : (
            <SymbolRow key={row.symbol} row={row} trades={trades} />
          ),
        )}
      </tbody>
    </table>
  );
}

/** A symbol without a net change at the open has no signal (stored blank). */
const signalOf = (row: Snapshot): SignalCode | null => (row.signal ? row.signal : null);

function SymbolRow({ row, trades }: { row: Snapshot; trades: boolean }) {
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
      {trades && (
        <>
          {/* Its outcome once graded, else its side; a dash when it took none. */}
          <td>{row.trade_outcome ? <OutcomeBadge outcome={row.trade_outcome} /> : row.trade_side || "—"}</td>
          <td>{formatUsd(row.trade_pnl_usd)}</td>
        </>
      )}
    </tr>
  );
}

function TotalRow({ row, span }: { row: Snapshot; span: number }) {
  return (
    <tr className="session-snapshots__total">
      <th scope="row">{TOTAL}</th>
      <td>
        <SignalChip signal={signalOf(row)} />
      </td>
      <td>{formatSigned(row.signal_weight_sum, 0)}</td>
      <td colSpan={span}>
        weighted average {formatPrice(row.weighted_average, 2)} · {row.instrument_count ?? 0} instruments
      </td>
    </tr>
  );
}

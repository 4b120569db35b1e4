import { formatPrice, formatSigned } from "../../ui/numbers";
import { ErrorState, Loading } from "../../ui/states";
import { SignalChip } from "../futures/SignalChip";
import { OutcomeBadge } from "../sessions/OutcomeBadge";
import { formatUsd, tickDecimals } from "../../ui/figures";
import { useSessionSymbols } from "./queries";

/** The 11 futures of one session as they stood at its open, with their theoretical trades. */
export function SymbolRows({ sessionId }: { sessionId: number }) {
  const symbols = useSessionSymbols(sessionId);
  if (symbols.isPending) return <Loading what="the symbols" />;
  if (symbols.isError) return <ErrorState error={symbols.error} onRetry={() => symbols.refetch()} />;
  return (
    <table className="history-table history-symbols" aria-label={`Symbols of session ${sessionId}`}>
      <thead>
        <tr>
          <th scope="col">Symbol</th>
          <th scope="col">Signal</th>
          <th scope="col">Last</th>
          <th scope="col">Change</th>
          <th scope="col">Bid</th>
          <th scope="col">Ask</th>
          <th scope="col">Its trade</th>
          <th scope="col">P&amp;L</th>
        </tr>
      </thead>
      <tbody>
        {symbols.data.symbols.map((row) => {
          const decimals = tickDecimals(row.tick_size);
          return (
            <tr key={row.symbol}>
              <th scope="row">{row.symbol}</th>
              <td>
                <SignalChip signal={row.signal || null} />
              </td>
              <td className="num">{formatPrice(row.last, decimals)}</td>
              <td className="num">{formatSigned(row.change, decimals)}</td>
              <td className="num">{formatPrice(row.bid, decimals)}</td>
              <td className="num">{formatPrice(row.ask, decimals)}</td>
              <td>{row.trade_outcome ? <OutcomeBadge outcome={row.trade_outcome} /> : (row.trade_side ?? "—")}</td>
              <td className="num">{formatUsd(row.trade_pnl_usd)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

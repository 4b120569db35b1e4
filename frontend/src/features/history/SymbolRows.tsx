import { ErrorState, Loading } from "../../ui/states";
import { SnapshotTable } from "../sessions/SnapshotTable";
import { useSessionSymbols } from "./queries";

/** A session row's expansion: its 11 futures at the open, each with its theoretical trade. */
export function SymbolRows({ sessionId }: { sessionId: number }) {
  const symbols = useSessionSymbols(sessionId);
  if (symbols.isPending) return <Loading what="the symbols" />;
  if (symbols.isError) return <ErrorState error={symbols.error} onRetry={() => symbols.refetch()} />;
  return <SnapshotTable rows={symbols.data.symbols} caption={`Symbols of session ${sessionId}`} trades />;
}

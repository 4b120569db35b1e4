import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { json, mockApi } from "../../test/mockApi";
import { renderWithProviders } from "../../test/render";
import { sessionDetail, sessionPath, todaySession } from "../../test/sessionFixtures";
import { SymbolRows } from "../history/SymbolRows";
import { sessionSymbols } from "../history/testData";
import { SessionDetails } from "./SessionDetails";

const headers = (table: HTMLElement) =>
  within(table)
    .getAllByRole("columnheader")
    .map((th) => th.textContent);
const rowOf = (table: HTMLElement, symbol: string) =>
  within(table).getByRole("rowheader", { name: symbol }).closest("tr")!;

describe("SnapshotTable", () => {
  it("shows History's symbols with their trades and Today's details with the TOTAL, in the same columns", async () => {
    const symbols = sessionSymbols(7);
    symbols.symbols = symbols.symbols.map((row) =>
      row.symbol === "ES"
        ? { ...row, signal: "BUY", trade_side: "BUY", trade_outcome: "Worked", trade_pnl_usd: 50 }
        : row.symbol === "NQ"
          ? { ...row, signal: "BUY", trade_side: "BUY", trade_outcome: "", trade_pnl_usd: null }
          : row,
    );
    mockApi({
      "GET /api/market-open/sessions/7/symbols/": json(symbols),
      "GET /api/market-open/sessions/7/": json(sessionDetail()),
      "GET /api/market-open/sessions/7/path/": json(sessionPath()),
    });
    renderWithProviders(
      <>
        <SymbolRows sessionId={7} />
        <SessionDetails id="details-7" session={todaySession()} />
      </>,
    );
    const history = await screen.findByRole("table", { name: "Symbols of session 7" });
    const today = await screen.findByRole("table", { name: "Snapshot at the open" });

    // One set of columns: History only adds the theoretical trade after them.
    expect(headers(history)).toEqual([...headers(today), "Its trade", "P&L"]);

    // History: a graded trade shows its outcome and P&L, an ungraded one its side, a HOLD none; no TOTAL.
    expect(within(rowOf(history, "ES")).getByTestId("outcome-badge")).toHaveTextContent("Worked");
    expect(rowOf(history, "ES")).toHaveTextContent("+$50.00");
    expect(within(rowOf(history, "NQ")).queryByTestId("outcome-badge")).not.toBeInTheDocument();
    expect(rowOf(history, "NQ")).toHaveTextContent("BUY");
    expect(within(rowOf(history, "YM")).getAllByRole("cell").slice(-2).map((td) => td.textContent)).toEqual(["—", "—"]);
    expect(within(history).queryByRole("rowheader", { name: "TOTAL" })).not.toBeInTheDocument();

    // Today: the TOTAL row closes the table, spanning the price columns; no trade outcomes in the card.
    const total = within(today).getAllByRole("row").at(-1)!;
    expect(within(total).getByRole("rowheader")).toHaveTextContent("TOTAL");
    expect(total).toHaveTextContent("weighted average 12.50 · 10 instruments");
    expect(within(today).queryByTestId("outcome-badge")).not.toBeInTheDocument();
  });
});

import { act, screen, within } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";

import { emptyRow, latestQuotes, YM_ROW, ymQuote, ZB_ROW } from "../../test/fixtures";
import { FakeEventSource, stubEventSource } from "../../test/FakeEventSource";
import { json, mockApi } from "../../test/mockApi";
import { renderWithProviders } from "../../test/render";
import { FuturesPanel } from "./FuturesPanel";

const URL = "GET /api/futuretrading/quotes/latest";

const card = (symbol: string) => within(screen.getByRole("article", { name: symbol }));
/** The text of a fact (a <dd>) by its term (<dt>) on a card. */
const fact = (symbol: string, term: string) => card(symbol).getByText(term).nextElementSibling?.textContent;

async function renderPanel(board = latestQuotes()) {
  mockApi({ [URL]: json(board) });
  renderWithProviders(<FuturesPanel />);
  await screen.findByRole("article", { name: "TOTAL" });
}

describe("FuturesPanel", () => {
  beforeEach(stubEventSource);

  it("shows every field of a symbol card in the instrument's precision", async () => {
    await renderPanel();
    expect(fact("YM", "Last")).toBe("46,677");
    expect(fact("YM", "Change")).toBe("+103 (+0.22%)");
    expect(fact("YM", "Bid")).toBe("46,675 × 7");
    expect(fact("YM", "Ask")).toBe("46,677 × 9");
    expect(fact("YM", "Spread")).toBe("2");
    expect(fact("YM", "24h range")).toBe("46,583 – 46,686");
    expect(fact("YM", "52-week range")).toBe("32,836 – 52,508");
    expect(card("YM").getByText("Strong Buy")).toBeInTheDocument();
    expect(card("YM").getByText("Dow Jones E-mini")).toBeInTheDocument();

    expect(fact("ZB", "Last")).toBe("115.96875"); // 32nds: 5 decimals
    expect(fact("ZB", "Change")).toBe("-1.65625 (-1.41%)");
    expect(fact("ZB", "Spread")).toBe("0.06250");
    expect(card("ZB").getByText("Hold")).toBeInTheDocument();
  });

  it("shows all 11 instruments and the TOTAL", async () => {
    await renderPanel();
    const names = screen.getAllByRole("article").map((article) => article.getAttribute("aria-labelledby"));
    const order = ["TOTAL", "YM", "ES", "NQ", "RTY", "CL", "SI", "HG", "GC", "VX", "DX", "ZB"];
    expect(names).toEqual(order.map((symbol) => `card-${symbol}`));
    expect(card("ES").getByText("No quote")).toBeInTheDocument();
    expect(card("ES").getByText("Unclassified")).toBeInTheDocument();
    expect(fact("ES", "Last")).toBe("—");
  });

  it("shows the TOTAL's composite, weight sum, weighted average and count", async () => {
    await renderPanel();
    expect(card("TOTAL").getByText("Buy")).toBeInTheDocument();
    expect(fact("TOTAL", "Signal weight sum")).toBe("+9");
    expect(fact("TOTAL", "Weighted average")).toBe("21.422");
    expect(fact("TOTAL", "Sum weighted")).toBe("3,549.071");
    expect(fact("TOTAL", "Instruments")).toBe("2 of 11");
    expect(card("TOTAL").getByText("LIVE TOTAL")).toBeInTheDocument();
  });

  it("marks a quote Live or Stale from its age", async () => {
    await renderPanel();
    expect(card("YM").getByText("Live")).toBeInTheDocument();
    const stale = card("ZB").getByText("Stale");
    expect(stale).toHaveAttribute("title", expect.stringContaining("181 s old"));
  });

  it("applies the stream's quotes onto the board", async () => {
    await renderPanel();
    const stream = FakeEventSource.latest();
    expect(stream.url).toBe("/api/feed/quotes/stream");
    expect(stream.withCredentials).toBe(true);
    act(() => {
      stream.open();
      stream.send("quote", ymQuote());
    });
    expect(screen.getByText("Streaming")).toBeInTheDocument();
    expect(fact("YM", "Last")).toBe("46,691");
    expect(fact("YM", "Bid")).toBe("46,690 × 12");
    expect(fact("YM", "Ask")).toBe("46,692 × 3");
    expect(fact("YM", "24h range")).toBe("46,583 – 46,700");
  });

  it("turns a stale card Live when a fresh quote arrives", async () => {
    await renderPanel();
    act(() => {
      FakeEventSource.latest().send("quote", ymQuote({ symbol: "ZB", last: 116.0625 }));
    });
    expect(card("ZB").getByText("Live")).toBeInTheDocument();
    expect(fact("ZB", "Last")).toBe("116.06250");
  });

  it("keeps a newer board row over an older stream quote", async () => {
    await renderPanel();
    act(() => FakeEventSource.latest().send("quote", ymQuote({ ts: "2026-11-30T13:59:00.000Z", last: 1 })));
    expect(fact("YM", "Last")).toBe("46,677");
  });

  it.each([
    [false, "Reconnecting…"], // dropped: the browser reconnects by itself
    [true, "Stream stopped"], // refused: retried later
  ])("tells when the stream is down (closed for good: %s)", async (closed, label) => {
    await renderPanel();
    act(() => FakeEventSource.latest().fail(closed));
    expect(screen.getByText(label)).toBeInTheDocument();
  });

  it("opens the stream again some seconds after the server refused it", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval"] });
    mockApi({ [URL]: json(latestQuotes()) });
    renderWithProviders(<FuturesPanel />);
    await act(() => vi.advanceTimersByTimeAsync(20));
    act(() => FakeEventSource.latest().fail(true));
    await act(() => vi.advanceTimersByTimeAsync(9_000));
    expect(FakeEventSource.instances).toHaveLength(1);
    await act(() => vi.advanceTimersByTimeAsync(1_000));
    expect(FakeEventSource.instances).toHaveLength(2);
  });

  it("closes the stream when the panel goes away", async () => {
    mockApi({ [URL]: json(latestQuotes()) });
    const { unmount } = renderWithProviders(<FuturesPanel />);
    await screen.findByRole("article", { name: "TOTAL" });
    unmount();
    expect(FakeEventSource.latest().readyState).toBe(FakeEventSource.CLOSED);
  });

  it("says how to start a feed when nothing is quoted yet", async () => {
    mockApi({ [URL]: json(latestQuotes([])) });
    renderWithProviders(<FuturesPanel />);
    expect(await screen.findByText(/No quotes yet/)).toHaveTextContent(
      "No quotes yet: start a feed with manage.py run_feed --source sim",
    );
    expect(screen.queryByRole("article", { name: "YM" })).not.toBeInTheDocument();
  });

  it("says what to check when the quote bus is down", async () => {
    mockApi({ [URL]: json({ error: "quote bus unavailable" }, 503) });
    renderWithProviders(<FuturesPanel />);
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("quote bus unavailable");
    expect(alert).toHaveTextContent("check Redis (REDIS_URL)");
  });
});

// Keep the fixture honest: a board row and an unquoted row have the same fields.
it("builds the fixtures with the board's fields", () => {
  expect(Object.keys(emptyRow("YM")).sort()).toEqual(Object.keys(YM_ROW).sort());
  expect(Object.keys(ZB_ROW).sort()).toEqual(Object.keys(YM_ROW).sort());
});

import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { json, mockApi } from "../../test/mockApi";
import { renderWithProviders } from "../../test/render";
import { sessionDetail, sessionPath, todaySession } from "../../test/sessionFixtures";
import type { Outcome } from "./outcomes";
import { SessionCard } from "./SessionCard";

const OPEN = Date.parse("2026-12-01T00:00:00Z");
const MINUTE = 60_000;

const card = () => screen.getByTestId("session-card");
const fact = (name: string) => within(card()).getByText(name, { selector: "dt" }).nextElementSibling as HTMLElement;

describe("SessionCard", () => {
  it.each<[Outcome, string, string, string]>([
    ["Worked", "rgb(21, 128, 61)", "+$100.00", "up"], // green
    ["Didn't Work", "rgb(185, 28, 28)", "-$100.00", "down"], // red
    ["Pending", "rgb(253, 224, 71)", "—", ""], // yellow
    ["Expired", "rgb(209, 213, 219)", "$0.00", ""], // gray
    ["No Entry", "rgb(229, 231, 235)", "$0.00", ""], // gray
    ["Error", "rgb(124, 58, 237)", "$0.00", ""], // its own colour: not a loss
  ])("shows %s on its colour with the P&L %s", (outcome, background, pnl, direction) => {
    renderWithProviders(<SessionCard session={todaySession(outcome)} serverNow={OPEN + 10 * MINUTE} />);
    const badge = within(card()).getByTestId("outcome-badge");
    expect(badge).toHaveTextContent(outcome);
    expect(badge).toHaveStyle({ backgroundColor: background });
    expect(fact("P&L")).toHaveTextContent(pnl);
    expect(fact("P&L").className).toBe(`session-card__pnl ${direction}`);
  });

  it("names the region, its open in the region's zone, and the viewer's time on hover", () => {
    renderWithProviders(<SessionCard session={todaySession()} serverNow={OPEN} displayName="Tokyo" />);
    expect(card()).toHaveAttribute("data-region", "Japan");
    expect(screen.getByRole("article", { name: "Japan" })).toBe(card());
    expect(within(card()).getByText("Tokyo")).toBeInTheDocument();
    // 09:00 in Tokyo is 18:00 the evening before in the viewer's Chicago.
    expect(within(card()).getByText("Tue 09:00")).toHaveAttribute("title", "Your time: Mon 18:00:00 (America/Chicago)");
  });

  it("shows the composite, the YM trade and how long it took to resolve", () => {
    renderWithProviders(<SessionCard session={todaySession("Worked")} serverNow={OPEN + 20 * MINUTE} />);
    expect(within(card()).getByTestId("signal-badge")).toHaveTextContent("Buy");
    expect(fact("YM entry")).toHaveTextContent("BUY @ 47,388");
    const bracket = [fact("Spread"), fact("Target"), fact("Stop")].map((dd) => dd.textContent);
    expect(bracket).toEqual(["8", "47,408", "47,368"]);
    expect(fact("Time to result")).toHaveTextContent("10m 00s");
  });

  it("shows a strong composite in its stronger colour", () => {
    const strong = todaySession("Worked", {
      composite: { signal: "STRONG_SELL", signal_weight_sum: -12, weighted_average: -40, instrument_count: 11 },
    });
    renderWithProviders(<SessionCard session={strong} serverNow={OPEN} />);
    const badge = within(card()).getByTestId("signal-badge");
    expect(badge).toHaveTextContent("Strong Sell");
    expect(badge).toHaveStyle({ backgroundColor: "rgb(153, 27, 27)" });
  });

  it("counts a Pending trade down to the end of its window", () => {
    const { rerender } = renderWithProviders(
      <SessionCard session={todaySession("Pending")} serverNow={OPEN + 12 * MINUTE + 5000} />,
    );
    expect(fact("Time to result")).toHaveTextContent("17m 55s left");
    rerender(<SessionCard session={todaySession("Pending")} serverNow={OPEN + 31 * MINUTE} />);
    expect(fact("Time to result")).toHaveTextContent("window over: grading");
  });

  it("says a HOLD made no trade", () => {
    renderWithProviders(<SessionCard session={todaySession("No Entry")} serverNow={OPEN} />);
    expect(fact("YM entry")).toHaveTextContent("none (HOLD)");
    expect([fact("Target").textContent, fact("Stop").textContent]).toEqual(["—", "—"]);
    expect(fact("Time to result")).toHaveTextContent("at the capture");
  });

  it("expands to the 12 rows stored at the open and the YM path against target and stop", async () => {
    const api = mockApi({
      "GET /api/market-open/sessions/7/": json(sessionDetail()),
      "GET /api/market-open/sessions/7/path/": json(sessionPath()),
    });
    const user = userEvent.setup();
    renderWithProviders(<SessionCard session={todaySession()} serverNow={OPEN} />);
    const toggle = within(card()).getByRole("button", { name: "Details" });
    expect(toggle).toHaveAttribute("aria-expanded", "false");
    expect(api.calls("GET /api/market-open/sessions/7/")).toBe(0); // nothing asked before a trader looks

    await user.click(toggle);
    expect(toggle).toHaveAttribute("aria-expanded", "true");
    const table = await screen.findByRole("table", { name: "Snapshot at the open" });
    const rows = within(table).getAllByRole("row").slice(1);
    expect(rows).toHaveLength(12);
    expect(rows.map((row) => within(row).getByRole("rowheader").textContent)).toEqual([
      "YM", "ES", "NQ", "RTY", "CL", "SI", "HG", "GC", "VX", "DX", "ZB", "TOTAL",
    ]);
    expect(rows[10]).toHaveAttribute("title", "stale quote: quote 181 s old, left out of the TOTAL");
    expect(rows[11]).toHaveTextContent("weighted average 12.50 · 10 instruments");
    expect(await screen.findByText(/YM bid after the open \(a long exits on it\): 3 quotes/)).toBeInTheDocument();

    await user.click(toggle);
    expect(screen.queryByRole("table", { name: "Snapshot at the open" })).not.toBeInTheDocument();
  });

  it("draws the path up to the touching quote once the trade resolves", async () => {
    const paths = [{ ...sessionPath(), quote_count: 2, ts_ms: sessionPath().ts_ms.slice(0, 2) }, sessionPath()];
    let asked = 0;
    mockApi({
      "GET /api/market-open/sessions/7/": json(sessionDetail()),
      "GET /api/market-open/sessions/7/path/": () => json(paths[Math.min(asked++, 1)]),
    });
    const user = userEvent.setup();
    const { rerender } = renderWithProviders(<SessionCard session={todaySession("Pending")} serverNow={OPEN} />);
    await user.click(within(card()).getByRole("button", { name: "Details" }));
    expect(await screen.findByText(/: 2 quotes/)).toBeInTheDocument();

    rerender(<SessionCard session={todaySession("Worked")} serverNow={OPEN + 10 * MINUTE} />);
    expect(await screen.findByText(/: 3 quotes/)).toBeInTheDocument();
    expect(asked).toBe(2);
  });
});

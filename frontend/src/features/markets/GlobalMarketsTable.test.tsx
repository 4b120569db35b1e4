import { act, screen, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { board, market } from "../../test/fixtures";
import { json, mockApi } from "../../test/mockApi";
import { renderWithProviders } from "../../test/render";
import { GlobalMarketsTable } from "./GlobalMarketsTable";

const URL = "GET /api/timezones/markets/";
const NOW = "2026-11-30T08:00:00.000Z"; // a Monday: 17:00 in Tokyo, 02:00 for the viewer (America/Chicago)

/** Let the fetch resolve and React render, without moving the clock by a whole second. */
const settle = () => act(() => vi.advanceTimersByTimeAsync(20));
const tick = (ms: number) => act(() => vi.advanceTimersByTimeAsync(ms));
const row = (name: string) => screen.getByRole("row", { name: new RegExp(name) });

describe("GlobalMarketsTable", () => {
  beforeEach(() => {
    vi.useFakeTimers({
      now: Date.parse(NOW),
      toFake: ["Date", "setTimeout", "clearTimeout", "setInterval", "clearInterval"],
    });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("counts down every second locally and asks the server once", async () => {
    const server = mockApi({ [URL]: json(board(NOW, [market({ seconds_to_next_event: 3723 })])) });
    renderWithProviders(<GlobalMarketsTable />);
    await settle();
    expect(within(row("Tokyo")).getByText("opens in 1h 02m 03s")).toBeInTheDocument();

    await tick(1000);
    expect(within(row("Tokyo")).getByText("opens in 1h 02m 02s")).toBeInTheDocument();
    await tick(5000);
    expect(within(row("Tokyo")).getByText("opens in 1h 01m 57s")).toBeInTheDocument();
    expect(server.calls(URL)).toBe(1);
  });

  it("asks again once a minute, not every second", async () => {
    const server = mockApi({ [URL]: json(board(NOW, [market({ seconds_to_next_event: 3723 })])) });
    renderWithProviders(<GlobalMarketsTable />);
    await settle();
    await tick(59_000);
    expect(server.calls(URL)).toBe(1);
    await tick(1_500);
    expect(server.calls(URL)).toBe(2);
  });

  it("shows each market's clock in its own zone and the viewer's on hover", async () => {
    mockApi({ [URL]: json(board(NOW, [market()])) });
    renderWithProviders(<GlobalMarketsTable />);
    await settle();
    await tick(1000);
    const clock = within(row("Tokyo")).getByText("Mon 17:00:01");
    expect(clock).toHaveAttribute("title", "Your time: Mon 02:00:01 (America/Chicago)");
    const opensAt = within(row("Tokyo")).getByText("Mon 09:00"); // the next open, Tokyo time
    expect(opensAt).toHaveAttribute("title", "Your time: Sun 18:00:00 (America/Chicago)");
  });

  it("runs the clocks on the server's time, which may be simulated", async () => {
    mockApi({ [URL]: json(board("2026-12-01T00:30:00.000Z", [market()])) }); // a day ahead of the browser
    renderWithProviders(<GlobalMarketsTable />);
    await settle();
    expect(within(row("Tokyo")).getByText("Tue 09:30:00")).toBeInTheDocument();
  });

  it.each([
    ["OPEN", "Open"],
    ["PREOPEN", "Pre-open"],
    ["PRECLOSE", "Pre-close"],
    ["CLOSED", "Closed"],
    ["HOLIDAY", "Holiday"],
  ] as const)("shows the %s status as a %j chip", async (status, label) => {
    mockApi({ [URL]: json(board(NOW, [market({ status })])) });
    renderWithProviders(<GlobalMarketsTable />);
    await settle();
    expect(within(row("Tokyo")).getByText(label)).toHaveClass("chip");
  });

  it("says why a market is closed and when it opens next", async () => {
    const holiday = market({
      region: "USA",
      display_name: "USA",
      timezone: "America/New_York",
      calendar: "XNYS",
      status: "HOLIDAY",
      reason: "Market closure",
      next_open_utc: "2026-12-01T14:30:00.000Z",
      seconds_to_next_event: 109_800, // 30.5 hours after NOW
    });
    mockApi({ [URL]: json(board(NOW, [holiday])) });
    renderWithProviders(<GlobalMarketsTable />);
    await settle();
    const usa = within(row("USA"));
    expect(usa.getByText("Holiday")).toBeInTheDocument();
    expect(usa.getByText("Market closure")).toBeInTheDocument();
    expect(usa.getByText("opens in 1d 06h 30m")).toBeInTheDocument();
    expect(usa.getByText("Tue 09:30")).toBeInTheDocument();
  });

  it("counts down to the close of an open market", async () => {
    const open = market({ status: "OPEN", next_event: "close", seconds_to_next_event: 754 });
    mockApi({ [URL]: json(board(NOW, [open])) });
    renderWithProviders(<GlobalMarketsTable />);
    await settle();
    expect(within(row("Tokyo")).getByText("closes in 12m 34s")).toBeInTheDocument();
    expect(within(row("Tokyo")).getByText("Mon 15:30")).toBeInTheDocument();
  });

  it("asks the server again as soon as an event is due", async () => {
    const before = board(NOW, [market({ status: "PREOPEN", seconds_to_next_event: 2 })]);
    const after = board(NOW, [market({ status: "OPEN", next_event: "close", seconds_to_next_event: 23_398 })]);
    let answers = 0;
    const server = mockApi({ [URL]: () => json(answers++ === 0 ? before : after) });
    renderWithProviders(<GlobalMarketsTable />);
    await settle();
    expect(within(row("Tokyo")).getByText("Pre-open")).toBeInTheDocument();
    await tick(2000);
    await settle();
    expect(server.calls(URL)).toBe(2);
    expect(within(row("Tokyo")).getByText("Open")).toBeInTheDocument();
    expect(within(row("Tokyo")).getByText("closes in 6h 29m 58s")).toBeInTheDocument();
  });

  it("says what went wrong when the board cannot be read", async () => {
    mockApi({ [URL]: json({ error: "database unavailable" }, 503) });
    renderWithProviders(<GlobalMarketsTable />);
    await settle();
    expect(screen.getByRole("alert")).toHaveTextContent("database unavailable");
    expect(screen.getByRole("button", { name: "Try again" })).toBeInTheDocument();
  });

  it("says how to switch markets on when none is active", async () => {
    mockApi({ [URL]: json(board(NOW, [])) });
    renderWithProviders(<GlobalMarketsTable />);
    await settle();
    expect(screen.getByText(/No markets are active/)).toHaveTextContent("Django admin");
  });

  it("says it is loading before the first answer", () => {
    mockApi({ [URL]: json(board(NOW, [market()])) });
    renderWithProviders(<GlobalMarketsTable />);
    expect(screen.getByRole("status")).toHaveTextContent("Loading the market clock…");
  });
});

import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";

import { board, latestQuotes, market } from "../../test/fixtures";
import { stubEventSource } from "../../test/FakeEventSource";
import { json, mockApi } from "../../test/mockApi";
import { renderWithProviders } from "../../test/render";
import { missedCapture, today, todaySession } from "../../test/sessionFixtures";
import { HomePage } from "./HomePage";
import { SPLIT_VIEW_KEY } from "./useSplitView";

const toggle = () => screen.getByRole("button", { name: "Future Trading" });
const markets = () => screen.getByRole("region", { name: "Global Markets" });
const futures = () => screen.queryByRole("region", { name: "Future Trading" });

describe("HomePage", () => {
  beforeEach(() => {
    stubEventSource();
    mockApi({
      "GET /api/timezones/markets/": json(board(new Date().toISOString(), [market()])),
      "GET /api/futuretrading/quotes/latest": json(latestQuotes()),
      "GET /api/market-open/today/": json(
        today([todaySession("Worked", { id: 1 }), todaySession("Pending", { id: 2, region: "China" })]),
      ),
    });
  });

  it("shows the Global Markets table full width by default", async () => {
    renderWithProviders(<HomePage />);
    expect(await screen.findByRole("table", { name: "Global Markets" })).toBeInTheDocument();
    expect(toggle()).toHaveAttribute("aria-pressed", "false");
    expect(futures()).not.toBeInTheDocument();
    expect(markets().parentElement).not.toHaveStyle({ display: "grid" });
  });

  it("splits 40 % markets / 60 % futures when Future Trading is switched on, and remembers it", async () => {
    const user = userEvent.setup();
    renderWithProviders(<HomePage />);
    await user.click(toggle());
    expect(toggle()).toHaveAttribute("aria-pressed", "true");
    expect(futures()).toBeInTheDocument();
    expect(markets().parentElement).toHaveStyle({ display: "grid", gridTemplateColumns: "40% 60%" });
    expect(await screen.findByRole("article", { name: "TOTAL" })).toBeInTheDocument();
    expect(localStorage.getItem(SPLIT_VIEW_KEY)).toBe("1");
  });

  it("opens split when the browser remembers it, and goes back to full width", async () => {
    localStorage.setItem(SPLIT_VIEW_KEY, "1");
    const user = userEvent.setup();
    renderWithProviders(<HomePage />);
    expect(futures()).toBeInTheDocument();
    await user.click(toggle());
    expect(futures()).not.toBeInTheDocument();
    expect(localStorage.getItem(SPLIT_VIEW_KEY)).toBe("0");
  });

  it("shows today's session cards below the markets, and below the futures in split view", async () => {
    const user = userEvent.setup();
    renderWithProviders(<HomePage />);
    const sessions = screen.getByRole("region", { name: "Today's sessions" });
    const cards = await within(sessions).findAllByTestId("session-card");
    expect(cards.map((card) => card.dataset.region)).toEqual(["Japan", "China"]);
    expect(markets().compareDocumentPosition(sessions) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    await user.click(toggle());
    expect(futures()!.compareDocumentPosition(sessions) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
  });

  it("shows a region whose capture failed among today's cards, in open order", async () => {
    const answer = { ...today([todaySession("Worked", { id: 1 })]), missed: [missedCapture()] };
    mockApi({
      "GET /api/timezones/markets/": json(board(new Date().toISOString(), [market()])),
      "GET /api/market-open/today/": json(answer),
    });
    renderWithProviders(<HomePage />);
    const sessions = screen.getByRole("region", { name: "Today's sessions" });
    const missed = await within(sessions).findByTestId("missed-card");
    expect(missed).toHaveAttribute("data-region", "Pre_USA");
    expect(missed).toHaveTextContent("Capture missed");
    expect(missed).toHaveTextContent("YM quote is 181 s old at the open");
    const japan = within(sessions).getByTestId("session-card");
    expect(missed.compareDocumentPosition(japan) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
  });
});

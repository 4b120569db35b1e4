import { act, screen, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { board, market, ymQuote } from "../../test/fixtures";
import { json, mockApi } from "../../test/mockApi";
import { renderWithProviders } from "../../test/render";
import { missedCapture, today, todaySession } from "../../test/sessionFixtures";
import { TodayPage } from "./TodayPage";

const TODAY = "GET /api/market-open/today/";
const MARKETS = "GET /api/timezones/markets/";
const SNAPSHOT = "GET /api/feed/quotes/snapshot";
const NOW = Date.parse("2026-12-01T00:20:00Z");

/** The YM snapshot: its newest quote `ymAgeSec` old (null: none yet), `stale` as the server judged it. */
const snapshot = (ymAgeSec: number | null, stale = false) => ({
  as_of: new Date(NOW).toISOString(),
  stale_after_sec: 120,
  quotes: ymAgeSec === null ? [] : [ymQuote({ age_sec: ymAgeSec, stale })],
  missing: ymAgeSec === null ? ["YM"] : [],
});

/** The markets board with Tokyo's next open `inSec` from NOW. */
const boardOpeningIn = (inSec: number) =>
  json(
    board(new Date(NOW).toISOString(), [
      market({ next_open_utc: new Date(NOW + inSec * 1000).toISOString(), seconds_to_next_event: inSec }),
    ]),
  );

/** Lets the fake clock run `ms` (timers fire, fetches answer), then React render. */
const pass = (ms: number) => act(() => vi.advanceTimersByTimeAsync(ms));

/** Second by second, as the page's clock ticks: each tick re-renders and may change the polling. */
async function seconds(count: number) {
  for (let second = 0; second < count; second++) await pass(1000);
}

const cards = () => screen.queryAllByTestId("session-card");
const missedCards = () => screen.queryAllByTestId("missed-card");
/** Session and missed cards as they stand on the page: "missed Pre_USA", "session Japan". */
const allCards = () =>
  [...document.querySelectorAll<HTMLElement>("[data-testid=session-card], [data-testid=missed-card]")].map(
    (card) => `${card.dataset.testid === "missed-card" ? "missed" : "session"} ${card.dataset.region}`,
  );
const summary = () => screen.getByTestId("today-summary");
const figure = (name: string) => within(summary()).getByText(name).nextElementSibling as HTMLElement;

describe("TodayPage", () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: NOW });
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it("shows one card per region opened today, in open order", async () => {
    mockApi({
      [TODAY]: json(
        today([
          todaySession("Worked", { id: 1 }),
          todaySession("Pending", { id: 2, region: "China", opened_at: "2026-12-01T09:30:00+08:00" }),
        ]),
      ),
      [MARKETS]: boardOpeningIn(3600),
    });
    renderWithProviders(<TodayPage />);
    await pass(0);
    expect(cards().map((card) => card.dataset.region)).toEqual(["Japan", "China"]);
    expect(within(cards()[1]).getByTestId("outcome-badge")).toHaveTextContent("Pending");
  });

  it("heads the page with each region's own date, the sessions and their P&L", async () => {
    mockApi({
      [TODAY]: json(today([todaySession("Didn't Work")], { total_pnl: -100, didnt_work: 1, entries_made: 1, n: 1 })),
      [MARKETS]: boardOpeningIn(3600),
    });
    renderWithProviders(<TodayPage />);
    await pass(0);
    const dates = within(screen.getByRole("list", { name: "Trading date per region" })).getAllByRole("listitem");
    expect(dates.map((item) => item.textContent)).toEqual([
      "Tue 1 Dec Japan, China, India, EuroNext, London",
      "Mon 30 Nov Pre_USA, USA",
    ]);
    expect(screen.getByText(/1 session ·/)).toHaveTextContent("1 session · P&L -$100.00");
  });

  it("shows the summary the server pooled, never a sum of the cards", async () => {
    // London and Amsterdam open together: one YM trade, which the pooled figures count once.
    const london = todaySession("Worked", { id: 1, region: "London", opened_at: "2026-12-01T08:00:00+00:00" });
    const amsterdam = todaySession("Worked", { id: 2, region: "EuroNext", opened_at: "2026-12-01T09:00:00+01:00" });
    const pooled = { entries_made: 1, worked: 1, n: 1, hit_rate: 1, hit_rate_low: 0.21, hit_rate_high: 1 };
    mockApi({
      [TODAY]: json(
        today([london, amsterdam], { ...pooled, total_pnl: 100, best_region: "London", shared_trades_merged: 1 }),
      ),
      [MARKETS]: boardOpeningIn(3600),
    });
    renderWithProviders(<TodayPage />);
    await pass(0);
    expect(figure("Hit rate")).toHaveTextContent("100.0% n = 1");
    expect(figure("Hit rate")).toHaveAttribute("title", "95% interval 21.0–100.0%");
    expect(figure("Total P&L")).toHaveTextContent("+$100.00");
    expect(figure("Best region")).toHaveTextContent("London");
    expect(summary()).toHaveTextContent("1 shared trade counted once");
  });

  it("turns a Pending card into its outcome within seconds, then slows down", async () => {
    const answers = [
      today([todaySession("Pending")], { pending: 1, entries_made: 1 }),
      today([todaySession("Worked")], { worked: 1, entries_made: 1, n: 1, hit_rate: 1, total_pnl: 100 }),
    ];
    let asked = 0;
    const api = mockApi({
      [TODAY]: () => json(answers[Math.min(asked++, 1)]),
      [MARKETS]: boardOpeningIn(3600),
    });
    renderWithProviders(<TodayPage />);
    await pass(0);
    expect(screen.getByTestId("outcome-badge")).toHaveTextContent("Pending");
    expect(figure("Total P&L")).toHaveTextContent("$0.00");

    await pass(3000);
    expect(screen.getByTestId("outcome-badge")).toHaveTextContent("Worked");
    expect(figure("Total P&L")).toHaveTextContent("+$100.00");
    expect(api.calls(TODAY)).toBe(2);

    await seconds(25); // nothing left to decide and no open near: every 30 s
    expect(api.calls(TODAY)).toBe(2);
    await seconds(5);
    expect(api.calls(TODAY)).toBe(3);
  });

  it("asks every 3 s from shortly before an open, when nothing is Pending", async () => {
    const api = mockApi({ [TODAY]: json(today([todaySession("Worked")])), [MARKETS]: boardOpeningIn(100) });
    renderWithProviders(<TodayPage />);
    await pass(0);
    await seconds(9);
    expect(api.calls(TODAY)).toBe(3); // at 0 s, then every 3 s from the first tick that sees the open near
  });

  it("without sessions, says when the next open is and that the feed must be started", async () => {
    mockApi({
      [TODAY]: json(today([])),
      [MARKETS]: boardOpeningIn(3 * 3600 + 120),
      [SNAPSHOT]: json(snapshot(null)),
    });
    renderWithProviders(<TodayPage />);
    await seconds(1);
    expect(cards()).toHaveLength(0);
    expect(screen.getByText(/No sessions yet today/)).toBeInTheDocument();
    // One second after the board was read, by the board's clock; the open shown in Tokyo's zone.
    expect(screen.getByText(/Next open/)).toHaveTextContent("Next open: Tokyo in 3h 01m 59s (Tue 12:22).");
    expect(screen.getByText(/No feed/)).toHaveTextContent(
      "No feed: no YM quote has arrived; start one with manage.py run_feed --source sim (./thor run starts it).",
    );
    expect(screen.queryByTestId("today-summary")).not.toBeInTheDocument();
  });

  it("says when the quotes stopped", async () => {
    mockApi({
      [TODAY]: json(today([])),
      [MARKETS]: boardOpeningIn(3600),
      [SNAPSHOT]: json(snapshot(900, true)),
    });
    renderWithProviders(<TodayPage />);
    await seconds(1);
    expect(screen.getByText(/No feed/)).toHaveTextContent("the last YM quote is 15m 00s old");
  });

  it("shows a region whose capture failed, with why and what to do, in open order among the sessions", async () => {
    const usa = todaySession("Worked", {
      id: 2,
      region: "USA",
      trading_date: "2026-11-30",
      opened_at: "2026-11-30T09:30:00-05:00",
    });
    mockApi({
      [TODAY]: json({ ...today([usa, todaySession("Worked", { id: 1 })]), missed: [missedCapture()] }),
      [MARKETS]: boardOpeningIn(3600),
    });
    renderWithProviders(<TodayPage />);
    await pass(0);
    expect(allCards()).toEqual(["missed Pre_USA", "session USA", "session Japan"]);
    const missed = missedCards()[0];
    expect(screen.getByRole("article", { name: "Pre_USA" })).toBe(missed);
    const badge = within(missed).getByTestId("missed-badge");
    expect(badge).toHaveTextContent("Capture missed");
    expect(badge).toHaveStyle({ backgroundColor: "rgb(124, 58, 237)" }); // the Error colour: not a loss
    expect(missed).toHaveTextContent("Failed after 3 attempts: YM quote is 181 s old at the open");
    // 08:30 in New York is 07:30 in the viewer's Chicago.
    expect(within(missed).getByText("Mon 08:30")).toHaveAttribute("title", "Your time: Mon 07:30:00 (America/Chicago)");
    expect(missed).toHaveTextContent(
      'Check the feed: manage.py run_feed; capture by hand: POST /api/market-open/capture/ with {"region": "Pre_USA"}.',
    );
  });

  it("with only a failed capture, shows it instead of the empty day, and keeps the server's counts", async () => {
    mockApi({
      [TODAY]: json({ ...today([]), missed: [missedCapture()] }),
      [MARKETS]: boardOpeningIn(3600),
      [SNAPSHOT]: json(snapshot(0)),
    });
    renderWithProviders(<TodayPage />);
    await pass(0);
    expect(missedCards().map((card) => card.dataset.region)).toEqual(["Pre_USA"]);
    expect(screen.queryByText(/No sessions yet today/)).not.toBeInTheDocument();
    expect(screen.getByText(/0 sessions ·/)).toHaveTextContent("0 sessions · P&L $0.00");
    expect(screen.queryByTestId("today-summary")).not.toBeInTheDocument();
  });

  it("replaces a missed card by the session once a capture by hand succeeds", async () => {
    const preUsa = todaySession("Worked", {
      id: 5,
      region: "Pre_USA",
      trading_date: "2026-11-30",
      opened_at: "2026-11-30T08:30:00-05:00",
    });
    const answers = [
      { ...today([todaySession("Worked", { id: 1 })]), missed: [missedCapture()] },
      today([preUsa, todaySession("Worked", { id: 1 })]), // the server drops a miss whose region has a session
    ];
    let asked = 0;
    mockApi({ [TODAY]: () => json(answers[Math.min(asked++, 1)]), [MARKETS]: boardOpeningIn(3600) });
    renderWithProviders(<TodayPage />);
    await pass(0);
    expect(allCards()).toEqual(["missed Pre_USA", "session Japan"]);
    await pass(30_000);
    expect(allCards()).toEqual(["session Pre_USA", "session Japan"]);
    expect(missedCards()).toHaveLength(0);
  });

  it("keeps the last cards after a failed refresh, saying they are not current", async () => {
    let asked = 0;
    mockApi({
      [TODAY]: () =>
        asked++ === 0 ? json(today([todaySession("Pending")], { pending: 1 })) : json({ detail: "boom" }, 500),
      [MARKETS]: boardOpeningIn(3600),
    });
    renderWithProviders(<TodayPage />);
    await pass(0);
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
    await pass(3000);
    expect(screen.getByRole("alert")).toHaveTextContent(/boom.*Showing today as of .*retrying/);
    expect(cards()).toHaveLength(1);
    expect(screen.getByTestId("outcome-badge")).toHaveTextContent("Pending");
  });

  it("says what went wrong and offers to try again", async () => {
    mockApi({ [TODAY]: json({ detail: "boom" }, 500), [MARKETS]: boardOpeningIn(3600) });
    renderWithProviders(<TodayPage />);
    await pass(0);
    expect(screen.getByRole("alert")).toHaveTextContent("boom");
    expect(screen.getByRole("button", { name: "Try again" })).toBeInTheDocument();
  });
});

import { configure, getConfig, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useLocation } from "react-router";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

import { board, market } from "../../test/fixtures";
import { json, mockApi } from "../../test/mockApi";
import { renderWithProviders } from "../../test/render";
import { HistoryPage } from "./HistoryPage";
import {
  EMPTY_FIGURES,
  figures,
  predictors,
  sessionList,
  sessionRow,
  sessionSymbols,
  stats,
  summary,
  whatif,
} from "./testData";

const PATH = "/futures/market-open/history";
const BOARD = board("2026-01-09T12:00:00.000Z", [
  market(),
  market({ region: "USA", display_name: "USA", timezone: "America/New_York" }),
]);

/** The address bar, so a test sees what a bookmark would hold. */
function Address() {
  const location = useLocation();
  return <output aria-label="address">{location.search}</output>;
}

function renderHistory(search = "") {
  return renderWithProviders(
    <>
      <HistoryPage />
      <Address />
    </>,
    { path: `${PATH}${search}` },
  );
}

const address = () => new URLSearchParams(screen.getByLabelText("address").textContent ?? "");

/** Mocks History's endpoints; stats answer Japan and everything else differently. */
function mockHistory(routes: Parameters<typeof mockApi>[0] = {}) {
  return mockApi({
    "GET /api/timezones/markets/": json(BOARD),
    "GET /api/market-open/runs/": json({ results: [] }),
    "GET /api/market-open/stats/": (_init, url) =>
      json(url.searchParams.get("region") === "Japan" ? stats(figures({ hit_rate: 0.5, total_pnl: -300 })) : stats()),
    "GET /api/market-open/predictors/": json(predictors()),
    "GET /api/market-open/sessions/": json(sessionList()),
    ...routes,
  });
}

/** The query strings `path` was asked with, in order. */
function queries(fetchMock: ReturnType<typeof mockApi>["fetchMock"], path: string): URLSearchParams[] {
  return fetchMock.mock.calls
    .map(([input]) => new URL(String(input), "http://localhost"))
    .filter((url) => url.pathname === path)
    .map((url) => url.searchParams);
}

async function openFilters(user: ReturnType<typeof userEvent.setup>) {
  await user.click(screen.getByRole("button", { name: "Filters" }));
  return screen.getByRole("complementary", { name: "Filters" });
}

describe("HistoryPage", () => {
  // The page renders charts and tables at once: give a loaded 2-core machine time (waits end as soon as met).
  const { asyncUtilTimeout } = getConfig();
  beforeAll(() => configure({ asyncUtilTimeout: 4000 }));
  afterAll(() => configure({ asyncUtilTimeout }));

  beforeEach(() => {
    // recharts sizes its responsive charts with a ResizeObserver, which jsdom lacks.
    vi.stubGlobal(
      "ResizeObserver",
      class {
        observe() {}
        unobserve() {}
        disconnect() {}
      },
    );
  });

  it("shows the server's hit rate with its interval, EV, entries and P&L", async () => {
    mockHistory();
    renderHistory();
    const hitRate = await screen.findByTestId("stat-hit-rate");
    expect(hitRate).toHaveTextContent("70.6%");
    expect(hitRate).toHaveTextContent("95% 46.9–86.7% · n = 17");
    expect(screen.getByTestId("stat-ev")).toHaveTextContent("+$38.89");
    expect(screen.getByTestId("stat-entries")).toHaveTextContent("18");
    expect(screen.getByTestId("stat-pnl")).toHaveTextContent("+$700.00");
  });

  it("writes a filter into the URL, sends it to every request, and shows the new numbers", async () => {
    const user = userEvent.setup();
    const { fetchMock } = mockHistory();
    renderHistory();
    expect(await screen.findByTestId("stat-hit-rate")).toHaveTextContent("70.6%");

    const drawer = await openFilters(user);
    await within(drawer).findByRole("option", { name: "Tokyo (Japan)" });
    await user.selectOptions(within(drawer).getByLabelText("Region"), "Japan");
    await user.selectOptions(within(drawer).getByLabelText("Day of week"), "Monday");

    expect(address().get("region")).toBe("Japan");
    expect(address().get("day_of_week")).toBe("Monday");
    await waitFor(() => expect(screen.getByTestId("stat-hit-rate")).toHaveTextContent("50.0%"));
    expect(screen.getByTestId("stat-pnl")).toHaveTextContent("-$300.00");
    for (const path of ["/api/market-open/stats/", "/api/market-open/predictors/", "/api/market-open/sessions/"]) {
      const last = queries(fetchMock, path).at(-1)!;
      expect([path, last.get("region"), last.get("day_of_week")]).toEqual([path, "Japan", "Monday"]);
    }
  });

  it("marks the predictors and sessions as the previous filter's until their own answers arrive", async () => {
    const user = userEvent.setup();
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    /** Answers Japan's request only once released: the stat cards are in, these are still on the way. */
    const late = (reply: ReturnType<typeof json>) => async (_init: RequestInit, url: URL) => {
      if (url.searchParams.get("region") === "Japan") await held;
      return reply;
    };
    mockHistory({
      "GET /api/market-open/predictors/": late(json(predictors())),
      "GET /api/market-open/sessions/": late(json(sessionList())),
    });
    renderHistory();
    const busy = (element: HTMLElement) => element.closest("[aria-busy]")?.getAttribute("aria-busy");
    await screen.findByRole("table", { name: "Predictors" });
    expect(busy(screen.getByTestId("session-table"))).toBe("false");

    const drawer = await openFilters(user);
    await within(drawer).findByRole("option", { name: "Tokyo (Japan)" });
    await user.selectOptions(within(drawer).getByLabelText("Region"), "Japan");
    await waitFor(() => expect(screen.getByTestId("stat-hit-rate")).toHaveTextContent("50.0%"));
    expect(screen.getByText("Updating…")).toBeInTheDocument();
    expect(busy(screen.getByRole("table", { name: "Predictors" }))).toBe("true");
    expect(busy(screen.getByTestId("session-table"))).toBe("true");

    release();
    await waitFor(() => expect(screen.queryByText("Updating…")).not.toBeInTheDocument());
    expect(busy(screen.getByRole("table", { name: "Predictors" }))).toBe("false");
    expect(busy(screen.getByTestId("session-table"))).toBe("false");
  });

  it("opens a bookmarked view with its filters applied and shown", async () => {
    const user = userEvent.setup();
    const { fetchMock } = mockHistory();
    renderHistory("?region=Japan&outcome=Worked");
    await waitFor(() => expect(screen.getByTestId("stat-hit-rate")).toHaveTextContent("50.0%"));
    const asked = queries(fetchMock, "/api/market-open/stats/")[0];
    expect(asked.toString()).toBe("region=Japan&outcome=Worked");
    const drawer = await openFilters(user);
    await waitFor(() => expect(within(drawer).getByLabelText("Region")).toHaveValue("Japan"));
    expect(within(drawer).getByLabelText("Outcome")).toHaveValue("Worked");
    await user.keyboard("{Escape}");
    expect(screen.queryByRole("complementary", { name: "Filters" })).not.toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Filters" })).toHaveAttribute("aria-expanded", "false");
    expect(screen.getByRole("button", { name: "Filters" })).toHaveFocus(); // the keyboard is back where it was
  });

  it("links the CSV and Excel downloads to the history export of the current filters", async () => {
    mockHistory();
    renderHistory("?region=Japan&day_of_week=Monday&ordering=-pnl_usd&page=3");
    const csv = new URL(screen.getByRole("link", { name: "Download CSV" }).getAttribute("href")!, "http://x");
    expect(csv.pathname).toBe("/api/market-open/history/");
    expect(Object.fromEntries(csv.searchParams)).toEqual({
      region: "Japan",
      day_of_week: "Monday",
      ordering: "-pnl_usd",
      format: "csv",
    });
    const excel = new URL(screen.getByRole("link", { name: "Download Excel" }).getAttribute("href")!, "http://x");
    expect(excel.searchParams.get("format")).toBe("xlsx");
    expect(excel.searchParams.get("region")).toBe("Japan");
  });

  it("sorts and pages the session table through the server", async () => {
    const user = userEvent.setup();
    const { fetchMock } = mockHistory({
      "GET /api/market-open/sessions/": (_init, url) =>
        json(sessionList([sessionRow()], { count: 120, page: Number(url.searchParams.get("page") ?? 1) })),
    });
    renderHistory();
    const table = await screen.findByTestId("session-table");
    const pnl = within(table).getByRole("button", { name: /P&L/ });

    await user.click(pnl);
    expect(address().get("ordering")).toBe("pnl_usd");
    await waitFor(() => expect(queries(fetchMock, "/api/market-open/sessions/").at(-1)!.get("ordering")).toBe("pnl_usd"));
    expect(pnl.closest("th")).toHaveAttribute("aria-sort", "ascending");

    await user.click(pnl);
    await waitFor(() => expect(queries(fetchMock, "/api/market-open/sessions/").at(-1)!.get("ordering")).toBe("-pnl_usd"));
    expect(pnl.closest("th")).toHaveAttribute("aria-sort", "descending");

    await user.click(screen.getByRole("button", { name: "Next" }));
    await screen.findByText(/Page 2 of 3/);
    const last = queries(fetchMock, "/api/market-open/sessions/").at(-1)!;
    expect([last.get("page"), last.get("ordering"), last.get("page_size")]).toEqual(["2", "-pnl_usd", "50"]);
  });

  it("expands a session to its 11 symbols, with the outcome and signal badges on the row", async () => {
    const user = userEvent.setup();
    const { calls } = mockHistory({ "GET /api/market-open/sessions/7/symbols/": json(sessionSymbols(7)) });
    renderHistory();
    const table = await screen.findByTestId("session-table");
    expect(within(table).getByTestId("outcome-badge")).toHaveTextContent("Worked");
    expect(within(table).getByTestId("signal-badge")).toHaveTextContent("Buy");

    await user.click(within(table).getByRole("button", { name: "Symbols of Japan 2026-01-05" }));
    const symbols = await screen.findByRole("table", { name: "Symbols of session 7" });
    expect(within(symbols).getAllByRole("row")).toHaveLength(1 + 11);
    expect(within(symbols).getByRole("rowheader", { name: "ZB" }).closest("tr")).toHaveTextContent("110.00000");
    expect(calls("GET /api/market-open/sessions/7/symbols/")).toBe(1);
  });

  it("asks what-if once typing stops, with the filters, and shows recorded and what-if side by side", async () => {
    const user = userEvent.setup();
    const { fetchMock } = mockHistory({
      "GET /api/market-open/whatif/": json(
        whatif(summary(), summary({ worked: 9, didnt_work: 8, hit_rate: 0.5294, expected_value: 11.11 })),
      ),
    });
    renderHistory("?region=Japan");
    await screen.findByTestId("stat-hit-rate");
    expect(queries(fetchMock, "/api/market-open/whatif/")).toHaveLength(0);

    await user.type(screen.getByLabelText("Target $"), "150");
    const table = await screen.findByRole("table", { name: "Recorded vs what-if" });
    const asked = queries(fetchMock, "/api/market-open/whatif/");
    expect(asked.map((query) => query.toString())).toEqual(["region=Japan&target_usd=150"]);

    const row = (name: string) =>
      within(within(table).getByRole("rowheader", { name }).closest("tr")!).getAllByRole("cell").map((c) => c.textContent);
    expect(within(table).getAllByRole("columnheader").map((c) => c.textContent)).toEqual(["", "Recorded", "What-if"]);
    expect(row("Hit rate")).toEqual(["70.6%", "52.9%"]);
    expect(row("Expected value")).toEqual(["+$38.89", "+$11.11"]);
    expect(row("Worked")).toEqual(["12", "9"]);
  });

  it("never shows what-if figures for a question no longer asked", async () => {
    const user = userEvent.setup();
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    mockHistory({
      "GET /api/market-open/whatif/": async (_init, url) => {
        if (url.searchParams.get("target_usd") === "150") return json(whatif(summary(), summary({ hit_rate: 0.5294 })));
        await held;
        return json(whatif(summary(), summary({ hit_rate: 0.9 })));
      },
    });
    renderHistory();
    await screen.findByTestId("stat-hit-rate");
    const target = screen.getByLabelText("Target $");
    await user.type(target, "150");
    const table = await screen.findByRole("table", { name: "Recorded vs what-if" });
    const whatIfRate = () => within(table).getByRole("rowheader", { name: "Hit rate" }).closest("tr")!.lastChild;
    await waitFor(() => expect(table).toHaveAttribute("aria-busy", "false"));
    expect(whatIfRate()).toHaveTextContent("52.9%");

    // 1500 now: until its answer arrives, the 150 figures are marked as being re-graded.
    await user.type(target, "0");
    expect(table).toHaveAttribute("aria-busy", "true");
    expect(screen.getByText("Re-grading…")).toBeInTheDocument();
    release();
    await waitFor(() => expect(whatIfRate()).toHaveTextContent("90.0%"));
    expect(table).toHaveAttribute("aria-busy", "false");
    expect(screen.queryByText("Re-grading…")).not.toBeInTheDocument();

    // Back to the recorded bracket: no what-if column left beside empty fields.
    await user.clear(target);
    await waitFor(() => expect(screen.queryByRole("table", { name: "Recorded vs what-if" })).not.toBeInTheDocument());
    expect(screen.getByText(/Change the target, stop or window/)).toBeInTheDocument();
  });

  it("shows the ambiguity rate beside the hit rate of bar-replayed sessions", async () => {
    mockHistory({
      "GET /api/market-open/stats/": json(stats(figures({ ambiguous: 3, ambiguity_rate: 3 / 17 }))),
    });
    renderHistory("?run=bars-2024");
    expect(await screen.findByTestId("stat-hit-rate")).toHaveTextContent("3 ambiguous (17.6%)");
  });

  it("shows the server's 400 next to the what-if field it names", async () => {
    const user = userEvent.setup();
    mockHistory({
      "GET /api/market-open/whatif/": json({ window_sec: ["the audit trail covers 7200 s, not 9000"] }, 400),
    });
    renderHistory();
    await screen.findByTestId("stat-hit-rate");
    const window = screen.getByLabelText("Window (s)");
    await user.type(window, "9000");
    await waitFor(() => expect(window).toHaveAccessibleDescription("the audit trail covers 7200 s, not 9000"));
    expect(window).toHaveAttribute("aria-invalid", "true");
  });

  it("shows the predictors with the highest lift first, and all of them on asking", async () => {
    const user = userEvent.setup();
    const many = predictors();
    many.rows = ["ES", "NQ", "RTY", "CL", "SI", "HG", "GC", "VX", "DX", "ZB", "YM", "ES"].map((symbol, i) => ({
      ...many.rows[0],
      symbol,
      signal: i === 11 ? "SELL" : "STRONG_BUY",
      lift: 0.2 - i * 0.02,
    }));
    mockHistory({ "GET /api/market-open/predictors/": json(many) });
    renderHistory();
    const table = await screen.findByRole("table", { name: "Predictors" });
    expect(within(table).getAllByRole("row")).toHaveLength(1 + 10);
    expect(within(table).getAllByRole("row")[1]).toHaveTextContent("+20.0 pp");
    await user.click(screen.getByRole("button", { name: "Show all 12" }));
    expect(within(table).getAllByRole("row")).toHaveLength(1 + 12);
  });

  it("says which filters to loosen when nothing matches", async () => {
    mockHistory({ "GET /api/market-open/stats/": json(stats(EMPTY_FIGURES)) });
    renderHistory("?region=Japan&day_of_week=Monday");
    expect(await screen.findByText("No sessions match these filters. Loosen Region (Japan) or Day of week (Monday).")).toBeInTheDocument();
    expect(screen.queryByTestId("stat-hit-rate")).not.toBeInTheDocument();
  });

  it("says how to get sessions when there are none at all", async () => {
    mockHistory({ "GET /api/market-open/stats/": json(stats(EMPTY_FIGURES)) });
    renderHistory();
    const hint = await screen.findByText(/simulate 20 trading days/);
    expect(hint).toHaveTextContent(
      ".venv/bin/python manage.py simulate_quotes var/sample.csv.gz && " +
        ".venv/bin/python manage.py replay var/sample.csv.gz --run sample",
    );
  });

  it("shows a refused filter's message, from the server", async () => {
    mockHistory({
      "GET /api/market-open/stats/": json({ region: ["'Mars' is not one of Japan, USA"] }, 400),
    });
    renderHistory("?region=Mars");
    expect(await screen.findByRole("alert")).toHaveTextContent("'Mars' is not one of Japan, USA");
  });
});

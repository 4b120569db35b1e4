import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";

import { ANONYMOUS, board, LOGGED_IN, market } from "../../test/fixtures";
import { stubEventSource } from "../../test/FakeEventSource";
import { json, mockApi, type Reply } from "../../test/mockApi";
import { renderApp } from "../../test/render";

const MARKETS = json(board(new Date().toISOString(), [market()]));

/** The server: anonymous until a login with demo / right-pass. */
function server({ markets = MARKETS }: { markets?: Reply } = {}) {
  let me = ANONYMOUS;
  return mockApi({
    "GET /api/auth/whoami": () => json(me),
    "POST /api/auth/login": (init) => {
      const { username, password } = JSON.parse(String(init.body));
      if (username !== "demo" || password !== "right-pass") return json({ error: "wrong username or password" }, 400);
      me = LOGGED_IN;
      return json(me);
    },
    "POST /api/auth/logout": () => json((me = ANONYMOUS)),
    "GET /api/timezones/markets/": () => (me.authenticated ? markets : json({ detail: "not logged in" }, 403)),
  });
}

async function logIn(password = "right-pass") {
  const user = userEvent.setup();
  await user.type(await screen.findByLabelText("Username"), "demo");
  await user.type(screen.getByLabelText("Password"), password);
  await user.click(screen.getByRole("button", { name: "Log in" }));
  return user;
}

describe("login", () => {
  beforeEach(stubEventSource);

  it("sends a visitor without a session to the login page", async () => {
    server();
    renderApp("/");
    expect(await screen.findByRole("form", { name: "Thor Market Open" })).toBeInTheDocument();
  });

  it("posts the form with the CSRF token and goes on to the page asked for", async () => {
    document.cookie = "csrftoken=tok42";
    const api = server();
    renderApp("/");
    await logIn();
    expect(await screen.findByRole("table", { name: "Global Markets" })).toBeInTheDocument();
    expect(screen.getByText("demo")).toBeInTheDocument();
    const [, init] = api.fetchMock.mock.calls.find(([url]) => url === "/api/auth/login")!;
    expect(JSON.parse(String(init?.body))).toEqual({ username: "demo", password: "right-pass" });
    expect(init?.headers).toMatchObject({ "X-CSRFToken": "tok42" });
  });

  it("says so when the password is wrong, and stays", async () => {
    server();
    renderApp("/login");
    await logIn("wrong-pass");
    expect(await screen.findByRole("alert")).toHaveTextContent("wrong username or password");
    expect(screen.getByRole("form", { name: "Thor Market Open" })).toBeInTheDocument();
  });

  it.each([
    ["//evil.example/phish", "an other site"],
    ["/login", "the login page itself"],
  ])("never goes on to %s (%s) after logging in", async (next) => {
    server();
    renderApp(`/login?next=${encodeURIComponent(next)}`);
    await logIn();
    expect(await screen.findByRole("table", { name: "Global Markets" })).toBeInTheDocument();
  });

  it("goes back to the login page when the session ends on the server", async () => {
    const api = server({ markets: json({ detail: "Authentication credentials were not provided." }, 403) });
    renderApp("/login");
    await logIn();
    expect(await screen.findByRole("form", { name: "Thor Market Open" })).toBeInTheDocument();
    expect(api.calls("GET /api/timezones/markets/")).toBe(1);
  });

  it("logs out", async () => {
    server();
    renderApp("/login");
    const user = await logIn();
    await user.click(await screen.findByRole("button", { name: "Log out" }));
    expect(await screen.findByRole("form", { name: "Thor Market Open" })).toBeInTheDocument();
  });

  it("shows a page of its own for an unknown path", async () => {
    server();
    renderApp("/login?next=%2Fno%2Fsuch%2Fpage");
    await logIn();
    expect(await screen.findByRole("heading", { name: "Nothing here" })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Back to Global Markets" })).toHaveAttribute("href", "/");
  });
});

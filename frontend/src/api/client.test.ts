import { describe, expect, it, vi } from "vitest";

import { json, mockApi } from "../test/mockApi";
import { api, ApiError, csrfToken, NotLoggedInError } from "./client";

describe("csrfToken", () => {
  it.each([
    ["csrftoken=abc123", "abc123"],
    ["sessionid=zzz; csrftoken=abc123; theme=dark", "abc123"], // among other cookies
    ["xcsrftoken=nope", ""], // a lookalike name is not it
    ["", ""], // no cookie yet: Django answers 403 and the UI says to reload
  ])("reads %j as %j", (cookies, token) => {
    expect(csrfToken(cookies)).toBe(token);
  });
});

describe("api", () => {
  it("sends the session cookie, and the CSRF token on a write", async () => {
    document.cookie = "csrftoken=tok42";
    const { fetchMock } = mockApi({ "POST /api/auth/login": json({ authenticated: true, username: "demo" }) });
    await api.login({ username: "demo", password: "pw" });
    const [url, init] = fetchMock.mock.calls[0];
    expect(url).toBe("/api/auth/login");
    expect(init).toMatchObject({
      method: "POST",
      credentials: "same-origin",
      body: '{"username":"demo","password":"pw"}',
    });
    expect(init?.headers).toMatchObject({ "X-CSRFToken": "tok42", "Content-Type": "application/json" });
  });

  it("sends no CSRF token on a read", async () => {
    const { fetchMock } = mockApi({ "GET /api/auth/whoami": json({ authenticated: false, username: null }) });
    await api.whoami();
    expect(fetchMock.mock.calls[0][1]?.headers).not.toHaveProperty("X-CSRFToken");
  });

  it.each([401, 403])("turns a %i on a read into NotLoggedInError", async (status) => {
    const detail = "Authentication credentials were not provided.";
    mockApi({ "GET /api/timezones/markets/": json({ detail }, status) });
    await expect(api.markets()).rejects.toBeInstanceOf(NotLoggedInError);
  });

  it("says to reload when a write fails the CSRF check", async () => {
    mockApi({ "POST /api/auth/logout": json(null, 403) });
    await expect(api.logout()).rejects.toThrow("The security check failed (CSRF): reload the page and try again.");
  });

  it("passes the server's own error message on", async () => {
    mockApi({ "GET /api/futuretrading/quotes/latest": json({ error: "quote bus unavailable" }, 503) });
    const error = await api.latestQuotes().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 503, message: "quote bus unavailable" });
  });

  it("names the request when the server's answer is not JSON", async () => {
    vi.stubGlobal("fetch", vi.fn(async () => new Response("<h1>Server Error</h1>", { status: 500 })));
    await expect(api.markets()).rejects.toThrow("GET /api/timezones/markets/ failed: HTTP 500");
  });

  it("says so when the server cannot be reached", async () => {
    vi.stubGlobal("fetch", vi.fn(async () => Promise.reject(new TypeError("Failed to fetch"))));
    await expect(api.whoami()).rejects.toThrow("Cannot reach the Thor server: is it running (./thor run)?");
  });
});

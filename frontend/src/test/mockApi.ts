/**
 * The network layer of a component test: fetch answered per resource, the
 * way the server would (JSON body, status code). Routes are "METHOD /path".
 */
import { vi } from "vitest";

export interface Reply {
  status?: number;
  body: unknown;
}

/** A reply, or a function of the request (its init and URL: a test may answer per query string, or late). */
type Route = Reply | ((init: RequestInit, url: URL) => Reply | Promise<Reply>);

export function json(body: unknown, status = 200): Reply {
  return { status, body };
}

export function mockApi(routes: Record<string, Route>) {
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(String(input), "http://localhost");
    const key = `${init.method ?? "GET"} ${url.pathname}`;
    const route = routes[key];
    const reply =
      route === undefined
        ? json({ error: `test: no mock for ${key}` }, 500)
        : typeof route === "function"
          ? await route(init, url)
          : route;
    return new Response(JSON.stringify(reply.body), {
      status: reply.status ?? 200,
      headers: { "Content-Type": "application/json" },
    });
  });
  vi.stubGlobal("fetch", fetchMock);
  return {
    fetchMock,
    /** How often `METHOD /path` was asked. */
    calls: (key: string) =>
      fetchMock.mock.calls.filter(([input, init]) => {
        const url = new URL(String(input), "http://localhost");
        return `${init?.method ?? "GET"} ${url.pathname}` === key;
      }).length,
  };
}

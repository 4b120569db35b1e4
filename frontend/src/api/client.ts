/**
 * The one way the dashboard talks to Thor: fetch with the session cookie,
 * Django's CSRF token on writes, and failures turned into an ApiError whose
 * message tells a person what to do. Response types come from the generated
 * OpenAPI schema; types.ts covers the views the schema cannot describe.
 */
import type { paths } from "./schema";
import type { Credentials, MarketsBoard, Whoami } from "./types";

export class ApiError extends Error {
  readonly status: number;

  constructor(status: number, message: string) {
    super(message);
    this.name = "ApiError";
    this.status = status;
  }
}

/** No session, or it expired: the app sends the user to /login. */
export class NotLoggedInError extends ApiError {
  constructor(status: number) {
    super(status, "Not logged in: log in to see the dashboard.");
    this.name = "NotLoggedInError";
  }
}

/** Django's CSRF cookie (set by the SPA index and whoami); read fresh, login rotates it. */
export function csrfToken(cookies: string = document.cookie): string {
  for (const part of cookies.split(";")) {
    const [name, ...value] = part.trim().split("=");
    if (name === "csrftoken") return decodeURIComponent(value.join("="));
  }
  return "";
}

type Method = "GET" | "POST";

async function request<T>(method: Method, url: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (method !== "GET") {
    headers["Content-Type"] = "application/json";
    headers["X-CSRFToken"] = csrfToken();
  }
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers,
      credentials: "same-origin",
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, "Cannot reach the Thor server: is it running (./thor run)?");
  }
  const data = await readJson(response);
  if (response.ok) return data as T;
  // DRF answers 403 to a request without a session (session auth sends no challenge).
  if (response.status === 401 || (response.status === 403 && method === "GET")) {
    throw new NotLoggedInError(response.status);
  }
  if (response.status === 403) {
    throw new ApiError(403, "The security check failed (CSRF): reload the page and try again.");
  }
  throw new ApiError(response.status, serverMessage(data) ?? `${method} ${url} failed: HTTP ${response.status}`);
}

async function readJson(response: Response): Promise<unknown> {
  if (!(response.headers.get("Content-Type") ?? "").includes("application/json")) return null;
  try {
    return await response.json();
  } catch {
    return null;
  }
}

/** Thor's views say {"error": ...}; DRF's say {"detail": ...}. */
function serverMessage(data: unknown): string | null {
  if (typeof data !== "object" || data === null) return null;
  const { error, detail } = data as { error?: unknown; detail?: unknown };
  const message = error ?? detail;
  return typeof message === "string" ? message : null;
}

type JsonOk<Operation> = Operation extends {
  responses: { 200: { content: { "application/json": infer Body } } };
}
  ? Body
  : never;

/** GET a documented endpoint; the answer is typed by the OpenAPI schema. */
function getJson<Path extends keyof paths>(url: Path): Promise<JsonOk<paths[Path]["get"]>> {
  return request("GET", url);
}

export const QUOTE_STREAM_URL = "/api/feed/quotes/stream";

export const api = {
  latestQuotes: () => getJson("/api/futuretrading/quotes/latest"),
  // The schema documents the board as a bare object: types.ts has its shape.
  markets: () => request<MarketsBoard>("GET", "/api/timezones/markets/"),
  whoami: () => request<Whoami>("GET", "/api/auth/whoami"),
  login: (credentials: Credentials) => request<Whoami>("POST", "/api/auth/login", credentials),
  logout: () => request<Whoami>("POST", "/api/auth/logout", {}),
};

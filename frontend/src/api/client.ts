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
  /** A 400's field errors as DRF gives them: {"target_usd": ["… must be a positive amount of dollars"]}. */
  readonly fields: Record<string, string[]>;

  constructor(status: number, message: string, fields: Record<string, string[]> = {}) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.fields = fields;
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
  const fields = response.status === 400 ? fieldErrors(data) : {};
  const message = serverMessage(data) ?? Object.values(fields)[0]?.[0];
  throw new ApiError(response.status, message ?? `${method} ${url} failed: HTTP ${response.status}`, fields);
}

function fieldErrors(data: unknown): Record<string, string[]> {
  if (typeof data !== "object" || data === null) return {};
  return Object.fromEntries(
    Object.entries(data).filter((entry): entry is [string, string[]] => Array.isArray(entry[1])),
  );
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

/** GET a documented endpoint with its `{id}` and query string (filters, paging); typed by the schema. */
export function getQuery<Path extends keyof paths>(
  path: Path,
  query?: URLSearchParams,
  id?: number,
): Promise<JsonOk<paths[Path]["get"]>> {
  const url = id === undefined ? path : path.replace("{id}", String(id));
  const search = query?.toString();
  return request("GET", search ? `${url}?${search}` : url);
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

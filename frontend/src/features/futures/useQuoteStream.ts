import { useEffect, useState } from "react";

import { QUOTE_STREAM_URL } from "../../api/client";
import type { StreamQuote } from "../../api/types";
import { type LiveQuotes, withQuote } from "./applyQuotes";

export type StreamState = "connecting" | "live" | "reconnecting" | "closed";

/** After the server refused the stream (logged out, server down), try again this much later. */
export const STREAM_RETRY_MS = 10_000;

/**
 * The latest quote per symbol from /api/feed/quotes/stream (Server-Sent Events,
 * the session cookie authenticates). The browser reconnects by itself after a
 * dropped connection; a refused one is retried every STREAM_RETRY_MS.
 */
export function useQuoteStream(url: string = QUOTE_STREAM_URL) {
  const [quotes, setQuotes] = useState<LiveQuotes>({});
  const [state, setState] = useState<StreamState>("connecting");
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const source = new EventSource(url, { withCredentials: true });
    let retry: ReturnType<typeof setTimeout> | undefined;
    source.addEventListener("open", () => setState("live"));
    source.addEventListener("quote", (event: MessageEvent<string>) => {
      let quote: StreamQuote;
      try {
        quote = JSON.parse(event.data) as StreamQuote;
      } catch {
        console.warn("quote stream: skipped an event that is not JSON", event.data);
        return;
      }
      setQuotes((live) => withQuote(live, quote));
    });
    source.addEventListener("error", () => {
      if (source.readyState !== EventSource.CLOSED) {
        setState("reconnecting");
        return;
      }
      setState("closed");
      retry = setTimeout(() => setAttempt((n) => n + 1), STREAM_RETRY_MS);
    });
    return () => {
      clearTimeout(retry);
      source.close();
    };
  }, [url, attempt]);

  return { quotes, state };
}

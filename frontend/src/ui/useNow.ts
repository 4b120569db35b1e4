import { useEffect, useState } from "react";

/** The browser's clock in epoch ms, re-read every `intervalMs`: drives countdowns without asking the server. */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

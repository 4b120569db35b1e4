/** Instants as traders read them: in a market's own zone, with the viewer's zone on hover. */

const formats = new Map<string, Intl.DateTimeFormat>();

function format(timeZone: string | undefined, seconds: boolean): Intl.DateTimeFormat {
  const key = `${timeZone ?? ""}|${seconds}`;
  let formatter = formats.get(key);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat("en-GB", {
      timeZone,
      weekday: "short",
      hour: "2-digit",
      minute: "2-digit",
      second: seconds ? "2-digit" : undefined,
      hourCycle: "h23",
    });
    formats.set(key, formatter);
  }
  return formatter;
}

/** "Mon 09:00:05" in `timeZone` (an IANA name). */
export function formatClock(epochMs: number, timeZone: string): string {
  return format(timeZone, true).format(epochMs);
}

/** "Mon 09:00" in `timeZone`: for scheduled instants, which fall on whole minutes. */
export function formatMinute(epochMs: number, timeZone: string): string {
  return format(timeZone, false).format(epochMs);
}

export function viewerZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** The title (hover text) of a time shown in another zone: "Your time: Mon 14:00:05 (Europe/Berlin)". */
export function viewerTitle(epochMs: number): string {
  return `Your time: ${format(undefined, true).format(epochMs)} (${viewerZone()})`;
}

/** "2d 04h 11m", "1h 02m 03s", "12m 05s", "9s": the time left before an event. */
export function formatCountdown(totalSeconds: number): string {
  const seconds = Math.max(0, Math.floor(totalSeconds));
  const days = Math.floor(seconds / 86_400);
  const hours = Math.floor((seconds % 86_400) / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = seconds % 60;
  const pad = (value: number) => String(value).padStart(2, "0");
  if (days > 0) return `${days}d ${pad(hours)}h ${pad(minutes)}m`;
  if (hours > 0) return `${hours}h ${pad(minutes)}m ${pad(rest)}s`;
  if (minutes > 0) return `${minutes}m ${pad(rest)}s`;
  return `${rest}s`;
}

/**
 * The server's clock now (epoch ms): the `now` of an answer fetched at `fetchedAt`, moved on by
 * the browser's time since. The server's clock may run simulated time (THOR_CLOCK_OFFSET_SEC);
 * countdowns and elapsed times follow it, never the viewer's own clock.
 */
export function serverNow(answerNow: string, fetchedAt: number, browserNow: number): number {
  return Date.parse(answerNow) + (browserNow - fetchedAt);
}

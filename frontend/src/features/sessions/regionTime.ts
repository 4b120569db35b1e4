/**
 * The API writes a session's instants in the region's own zone with their
 * offset ("2026-12-01T09:00:00+09:00"): the wall time a trader of that
 * market reads is already in the text, so no zone lookup is needed.
 */
const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}:\d{2})/;

/** "Tue 09:00": the weekday and time of `iso` in the zone it was written in. */
export function regionClock(iso: string): string {
  const match = LOCAL.exec(iso);
  if (match === null) throw new Error(`not an ISO-8601 instant: ${iso}`);
  const [, year, month, day, time] = match;
  const weekday = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day))).getUTCDay();
  return `${WEEKDAYS[weekday]} ${time}`;
}

// @vitest-environment node
import { describe, expect, it } from "vitest";

import { formatClock, formatCountdown, formatMinute, viewerTitle } from "./time";

describe("formatCountdown", () => {
  it.each([
    [0, "0s"],
    [9, "9s"],
    [65, "1m 05s"],
    [3723, "1h 02m 03s"],
    [62_863, "17h 27m 43s"],
    [86_400 + 4 * 3600 + 11 * 60 + 59, "1d 04h 11m"], // over a day: seconds left out
    [-5, "0s"], // an event just past, before the board is fetched again
    [12.9, "12s"],
  ])("shows %d seconds as %j", (seconds, text) => {
    expect(formatCountdown(seconds)).toBe(text);
  });
});

describe("times in a zone", () => {
  const instant = Date.parse("2026-11-30T06:32:17.787Z"); // a Monday

  it.each([
    ["Asia/Tokyo", "Mon 15:32:17"],
    ["Asia/Kolkata", "Mon 12:02:17"], // a half-hour offset
    ["America/New_York", "Mon 01:32:17"],
  ])("shows the instant in %s as %j", (zone, text) => {
    expect(formatClock(instant, zone)).toBe(text);
  });

  it("drops the seconds of a scheduled instant", () => {
    expect(formatMinute(Date.parse("2026-11-30T00:00:00Z"), "Asia/Tokyo")).toBe("Mon 09:00");
  });

  it("tells the viewer's own time and zone on hover", () => {
    expect(viewerTitle(instant)).toBe("Your time: Mon 00:32:17 (America/Chicago)");
  });
});

// @vitest-environment node
import { describe, expect, it } from "vitest";

import { regionClock } from "./regionTime";

describe("regionClock", () => {
  it.each([
    ["2026-12-01T09:00:00+09:00", "Tue 09:00"], // Tokyo's Tuesday open, still Monday in UTC
    ["2026-11-30T08:30:00-05:00", "Mon 08:30"], // Pre-USA
    ["2026-11-30T09:15:00.250+05:30", "Mon 09:15"], // Bombay, with milliseconds
  ])("reads %s as %j", (iso, text) => {
    expect(regionClock(iso)).toBe(text);
  });

  it("refuses what is not an instant", () => {
    expect(() => regionClock("yesterday")).toThrow("not an ISO-8601 instant");
  });
});

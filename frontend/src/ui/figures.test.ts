import { describe, expect, it } from "vitest";

import { formatElapsed, formatInterval, formatLift, formatRate, formatUsd, tickDecimals } from "./figures";

describe("figures", () => {
  it("shows a rate and its interval in percent with one decimal", () => {
    expect(formatRate(0.70588)).toBe("70.6%");
    expect(formatInterval(0.524, 0.849)).toBe("52.4–84.9%");
    expect(formatRate(null)).toBe("—");
  });

  it("signs P&L but not zero", () => {
    expect(formatUsd(38.89)).toBe("+$38.89");
    expect(formatUsd(-100)).toBe("-$100.00");
    expect(formatUsd(0)).toBe("$0.00");
  });

  it("gives a price the decimals of its tick", () => {
    expect([1, 0.25, 0.03125, 0.005].map(tickDecimals)).toEqual([0, 2, 5, 3]);
  });

  it("shows time to resolution in minutes and seconds, hours past the hour", () => {
    expect(formatElapsed(600)).toBe("10m 00s");
    expect(formatElapsed(3900)).toBe("1h 05m");
    expect(formatLift(0.118)).toBe("+11.8 pp");
  });
});

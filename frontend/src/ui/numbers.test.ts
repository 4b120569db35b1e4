// @vitest-environment node
import { describe, expect, it } from "vitest";

import { formatCount, formatPercent, formatPrice, formatSigned } from "./numbers";

describe("formatPrice", () => {
  it.each([
    [46677, 0, "46,677"], // YM
    [5012.25, 2, "5,012.25"], // ES
    [115.96875, 5, "115.96875"], // ZB in 32nds
    [4.5, 4, "4.5000"], // HG pads to its precision
    [2.0, 2, "2.00"],
    [null, 2, "—"], // no quote
  ])("shows %s with %i decimals as %j", (value, decimals, text) => {
    expect(formatPrice(value, decimals)).toBe(text);
  });
});

describe("formatSigned", () => {
  it.each([
    [103, 0, "+103"],
    [-1.65625, 5, "-1.65625"],
    [0, 2, "0.00"], // no sign on no change
    [null, 0, "—"],
  ])("shows %s as %j", (value, decimals, text) => {
    expect(formatSigned(value, decimals)).toBe(text);
  });
});

describe("formatPercent and formatCount", () => {
  it("shows a percent value with two decimals and its sign", () => {
    expect([formatPercent(0.2212), formatPercent(-1.4081), formatPercent(null)]).toEqual(["+0.22%", "-1.41%", "—"]);
  });

  it("shows counts as whole numbers", () => {
    expect([formatCount(69743), formatCount(0), formatCount(null)]).toEqual(["69,743", "0", "—"]);
  });
});

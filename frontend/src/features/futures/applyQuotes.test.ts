// @vitest-environment node
import { describe, expect, it } from "vitest";

import { YM_ROW, ymQuote } from "../../test/fixtures";
import { applyQuotes, withQuote } from "./applyQuotes";

describe("applyQuotes", () => {
  it("lays a newer quote's feed fields onto the row", () => {
    const [row] = applyQuotes([YM_ROW], { YM: ymQuote() });
    expect(row).toMatchObject({
      bid: 46690, ask: 46692, last: 46691, bid_size: 12, ask_size: 3, volume: 69801,
      high_24h: 46700, ts: "2026-11-30T14:00:02.000Z", age_sec: 0.3, stale: false,
    });
  });

  it("leaves the server's derived fields and signal for the next board", () => {
    const [row] = applyQuotes([YM_ROW], { YM: ymQuote({ bid: 46000, ask: 46010 }) });
    expect(row.spread).toBe(2);
    expect(row.change_percent).toBe(0.2212);
    expect(row.extended_data).toEqual(YM_ROW.extended_data);
    expect(row.instrument).toEqual(YM_ROW.instrument);
  });

  it.each([
    ["an older quote", "2026-11-30T13:59:59.000Z"],
    ["the same quote", "2026-11-30T14:00:00.000Z"], // the stream starts with the current quotes
  ])("ignores %s", (_, ts) => {
    expect(applyQuotes([YM_ROW], { YM: ymQuote({ ts }) })[0]).toBe(YM_ROW);
  });

  it.each([117, null])("keeps the board's change, the input of its signal (stream change %s)", (change) => {
    expect(applyQuotes([YM_ROW], { YM: ymQuote({ change }) })[0].change).toBe(103);
  });

  it("fills a row that had no quote yet", () => {
    const empty = { ...YM_ROW, bid: null, ask: null, last: null, ts: null };
    expect(applyQuotes([empty], { YM: ymQuote() })[0]).toMatchObject({ last: 46691, ts: "2026-11-30T14:00:02.000Z" });
  });

  it("leaves rows of other symbols alone", () => {
    expect(applyQuotes([YM_ROW], { ES: ymQuote({ symbol: "ES" }) })[0]).toBe(YM_ROW);
  });
});

describe("withQuote", () => {
  it("keeps the newest quote of each symbol", () => {
    const newer = ymQuote({ ts: "2026-11-30T14:00:05.000Z", last: 1 });
    const older = ymQuote({ ts: "2026-11-30T14:00:03.000Z", last: 2 });
    const live = withQuote(withQuote({}, newer), older);
    expect(live.YM.last).toBe(1);
    expect(withQuote(live, ymQuote({ symbol: "ES" }))).toHaveProperty("ES");
  });
});

import { act, renderHook } from "@testing-library/react";
import type { ReactNode } from "react";
import { MemoryRouter } from "react-router";
import { describe, expect, it } from "vitest";

import { useHistoryParams } from "./useHistoryParams";

function renderParams(search: string) {
  const wrapper = ({ children }: { children: ReactNode }) => (
    <MemoryRouter initialEntries={[`/futures/market-open/history${search}`]}>{children}</MemoryRouter>
  );
  return renderHook(() => useHistoryParams(), { wrapper });
}

describe("useHistoryParams", () => {
  it("keeps both of two changes made before the page saw the first", () => {
    const { result } = renderParams("");
    const view = result.current; // the handlers of one render, as a busy page still shows them
    act(() => {
      view.setFilter("region", "Japan");
      view.setFilter("day_of_week", "Monday");
    });
    expect(result.current.filters.toString()).toBe("region=Japan&day_of_week=Monday");
  });

  it("passes only the API's filters on, and sends the table back to page 1 when one changes", () => {
    const { result } = renderParams("?region=Japan&page=4&ordering=pnl_usd&utm=mail");
    expect(result.current.filters.toString()).toBe("region=Japan");
    expect([result.current.page, result.current.ordering]).toEqual([4, "pnl_usd"]);
    act(() => result.current.setFilter("region", ""));
    expect(result.current.filters.toString()).toBe("");
    expect([result.current.page, result.current.ordering]).toEqual([1, "pnl_usd"]);
  });
});

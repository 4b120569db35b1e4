import { useCallback, useState } from "react";

export const SPLIT_VIEW_KEY = "thor.home.futuresSplit";

function stored(): boolean {
  try {
    return localStorage.getItem(SPLIT_VIEW_KEY) === "1";
  } catch {
    return false; // storage blocked (privacy settings): start with markets only
  }
}

/** Whether Home shows the futures beside the markets, remembered in this browser. */
export function useSplitView(): [boolean, (split: boolean) => void] {
  const [split, setSplit] = useState(stored);
  const change = useCallback((next: boolean) => {
    setSplit(next);
    try {
      localStorage.setItem(SPLIT_VIEW_KEY, next ? "1" : "0");
    } catch {
      // not remembered, still switched
    }
  }, []);
  return [split, change];
}

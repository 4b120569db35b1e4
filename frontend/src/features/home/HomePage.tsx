import type { CSSProperties } from "react";

import { FuturesPanel } from "../futures/FuturesPanel";
import { GlobalMarketsTable } from "../markets/GlobalMarketsTable";
import { TodaySessions } from "../today/TodaySessions";
import { useSplitView } from "./useSplitView";

/** A rising line (an SVG, not an emoji: no emoji font needed on the trader's machine). */
function ChartIcon() {
  return (
    <svg className="toggle__icon" viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
      <polyline points="1,13 6,8 9,10 15,3" fill="none" stroke="currentColor" strokeWidth="2" />
    </svg>
  );
}

/** The seed's split view: markets 40 % left, futures 60 % right. */
const SPLIT: CSSProperties = { display: "grid", gridTemplateColumns: "40% 60%" };

/** Home: the Global Markets table full width; "Future Trading" puts the futures beside it; today's sessions below. */
export function HomePage() {
  const [split, setSplit] = useSplitView();
  return (
    <>
      <div className="toolbar">
        <button type="button" className="toggle" aria-pressed={split} onClick={() => setSplit(!split)}>
          <ChartIcon />
          Future Trading
        </button>
      </div>
      <div className="home" style={split ? SPLIT : undefined}>
        <section className="home__column" aria-label="Global Markets">
          <GlobalMarketsTable />
        </section>
        {split && (
          <section className="home__column" aria-label="Future Trading">
            <FuturesPanel />
          </section>
        )}
      </div>
      <section className="today-section" aria-labelledby="home-today">
        <h2 id="home-today">Today's sessions</h2>
        <TodaySessions />
      </section>
    </>
  );
}

import type { CSSProperties } from "react";

import { FuturesPanel } from "../futures/FuturesPanel";
import { GlobalMarketsTable } from "../markets/GlobalMarketsTable";
import { useSplitView } from "./useSplitView";

/** The seed's split view: markets 40 % left, futures 60 % right. */
const SPLIT: CSSProperties = { display: "grid", gridTemplateColumns: "40% 60%" };

/** Home: the Global Markets table full width; "Future Trading" puts the futures beside it. */
export function HomePage() {
  const [split, setSplit] = useSplitView();
  return (
    <>
      <div className="toolbar">
        <button type="button" className="toggle" aria-pressed={split} onClick={() => setSplit(!split)}>
          <span aria-hidden="true">📈 </span>Future Trading
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
    </>
  );
}

import { useState } from "react";

import { SignalChip } from "../futures/SignalChip";
import { formatInterval, formatLift, formatRate } from "../../ui/figures";
import type { Predictors } from "./queries";

/** Rows shown before "Show all": the server sends them highest lift first. */
export const PREDICTORS_SHOWN = 10;

/** Which symbol's signal at the open went with YM working, against the baseline (the server's rows). */
export function PredictorsTable({ predictors }: { predictors: Predictors }) {
  const [all, setAll] = useState(false);
  const { baseline } = predictors;
  const rows = all ? predictors.rows : predictors.rows.slice(0, PREDICTORS_SHOWN);
  return (
    <section className="history-section" aria-labelledby="history-predictors">
      <h2 id="history-predictors">Predictors</h2>
      <p className="hint">
        Baseline: YM works {formatRate(baseline.hit_rate)} of decided trades (n = {baseline.n}). {predictors.note}
      </p>
      {predictors.rows.length === 0 ? (
        <p className="hint">No symbol × signal has {predictors.min_sample} decided trades under these filters yet.</p>
      ) : (
        <table className="history-table" aria-label="Predictors">
          <thead>
            <tr>
              <th scope="col">Symbol</th>
              <th scope="col">Signal at the open</th>
              <th scope="col" className="num">
                YM hit rate
              </th>
              <th scope="col" className="num">
                95% interval
              </th>
              <th scope="col" className="num">
                n
              </th>
              <th scope="col" className="num">
                Lift
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={`${row.symbol} ${row.signal}`}>
                <th scope="row">{row.symbol}</th>
                <td>
                  <SignalChip signal={row.signal} />
                </td>
                <td className="num">{formatRate(row.hit_rate)}</td>
                <td className="num">{formatInterval(row.hit_rate_low, row.hit_rate_high)}</td>
                <td className="num">{row.n}</td>
                <td className={`num ${row.lift > 0 ? "up" : row.lift < 0 ? "down" : ""}`}>{formatLift(row.lift)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {predictors.rows.length > PREDICTORS_SHOWN && (
        <button type="button" className="history-more" onClick={() => setAll(!all)}>
          {all ? `Show the top ${PREDICTORS_SHOWN}` : `Show all ${predictors.rows.length}`}
        </button>
      )}
    </section>
  );
}

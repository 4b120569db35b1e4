import { useId, useState } from "react";

import { ApiError } from "../../api/client";
import { formatInterval, formatRate, formatUsd } from "../../ui/figures";
import { useWhatIf, type WhatIfQuestion, type WhatIfSummary } from "./queries";
import { useDebounced } from "./useDebounced";

export const WHATIF_DEBOUNCE_MS = 400;

const FIELDS: Array<{ name: keyof WhatIfQuestion; label: string; placeholder: string; step: string }> = [
  { name: "target_usd", label: "Target $", placeholder: "as recorded (100)", step: "any" },
  { name: "stop_usd", label: "Stop $", placeholder: "as recorded (100)", step: "any" },
  { name: "window_sec", label: "Window (s)", placeholder: "as recorded (1800)", step: "1" },
];

const ROWS: Array<{ label: string; show: (summary: WhatIfSummary) => string }> = [
  { label: "Hit rate", show: (s) => formatRate(s.hit_rate) },
  { label: "95% interval", show: (s) => formatInterval(s.hit_rate_low, s.hit_rate_high) },
  { label: "Expected value", show: (s) => formatUsd(s.expected_value) },
  { label: "Total P&L", show: (s) => formatUsd(s.total_pnl) },
  { label: "Entries", show: (s) => String(s.entries_made) },
  { label: "Worked", show: (s) => String(s.worked) },
  { label: "Didn't Work", show: (s) => String(s.didnt_work) },
  { label: "Expired", show: (s) => String(s.expired) },
  { label: "Errors", show: (s) => String(s.errors) },
];

const EMPTY: WhatIfQuestion = { target_usd: "", stop_usd: "", window_sec: "" };

/** Re-grade the filtered sessions with another bracket or window; recorded and what-if side by side. */
export function WhatIfPanel({ filters }: { filters: URLSearchParams }) {
  const [question, setQuestion] = useState<WhatIfQuestion>(EMPTY);
  const asked = useDebounced(question, WHATIF_DEBOUNCE_MS);
  const result = useWhatIf(filters, asked);
  const id = useId();
  const fieldErrors = result.error instanceof ApiError ? result.error.fields : {};
  const otherError =
    result.error && !FIELDS.some(({ name }) => fieldErrors[name]) ? result.error.message : null;
  // Only the question in the fields is answered: none once they are cleared, and while the trader types or the
  // server re-grades, the previous answer is marked as such.
  const data = result.isEnabled ? result.data : undefined;
  const regrading = result.isEnabled && (question !== asked || result.isFetching);

  return (
    <section className="history-section history-whatif" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>What if</h2>
      <form className="history-whatif__form" onSubmit={(event) => event.preventDefault()}>
        {FIELDS.map(({ name, label, placeholder, step }) => {
          const error = fieldErrors[name]?.[0];
          return (
            <label key={name} className="history-field">
              <span>{label}</span>
              <input
                type="number"
                min="0"
                step={step}
                inputMode="decimal"
                placeholder={placeholder}
                value={question[name]}
                aria-invalid={error ? true : undefined}
                aria-describedby={error ? `${id}-${name}` : undefined}
                onChange={(event) => setQuestion({ ...question, [name]: event.target.value })}
              />
              {error && (
                <span id={`${id}-${name}`} className="history-field__error" role="alert">
                  {error}
                </span>
              )}
            </label>
          );
        })}
        <button type="button" onClick={() => setQuestion(EMPTY)} disabled={question === EMPTY}>
          Reset
        </button>
      </form>
      {otherError && (
        <p className="history-field__error" role="alert">
          {otherError}
        </p>
      )}
      {!result.isEnabled && (
        <p className="hint">Change the target, stop or window to re-grade these sessions from their audit trails.</p>
      )}
      {regrading && <p role="status">Re-grading…</p>}
      {data && (
        <>
          <table className="history-table history-whatif__table" aria-label="Recorded vs what-if" aria-busy={regrading}>
            <thead>
              <tr>
                <th scope="col" />
                <th scope="col" className="num">
                  Recorded
                </th>
                <th scope="col" className="num">
                  What-if
                </th>
              </tr>
            </thead>
            <tbody>
              {ROWS.map(({ label, show }) => (
                <tr key={label}>
                  <th scope="row">{label}</th>
                  <td className="num">{show(data.recorded)}</td>
                  <td className="num">{show(data.whatif)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="hint">
            {data.sessions} sessions re-graded
            {data.skipped.length > 0 && `; ${data.skipped.length} skipped (no usable audit trail)`}. {data.pooled}
          </p>
        </>
      )}
    </section>
  );
}

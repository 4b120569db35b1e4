import { useEffect, useId, useRef, useState } from "react";

import { SIGNALS } from "../futures/signals";
import { useMarkets } from "../markets/useMarkets";
import { OUTCOMES } from "../sessions/outcomes";
import { useRuns } from "./queries";
import { FILTER_LABELS, type FilterName } from "./useHistoryParams";

const WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"];

interface Option {
  value: string;
  label: string;
}

interface ChoiceProps {
  name: FilterName;
  any: string;
  options: Option[];
  value: string;
  onChange: (name: FilterName, value: string) => void;
}

/** One filter as a select; a bookmarked value the list does not hold (e.g. "Japan,USA") stays shown. */
function Choice({ name, any, options, value, onChange }: ChoiceProps) {
  const known = value === "" || options.some((option) => option.value === value);
  return (
    <label className="filters-field">
      <span>{FILTER_LABELS[name]}</span>
      <select value={value} onChange={(event) => onChange(name, event.target.value)}>
        <option value="">{any}</option>
        {!known && <option value={value}>{value}</option>}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </label>
  );
}

function DateField({ name, value, onChange }: Omit<ChoiceProps, "any" | "options">) {
  return (
    <label className="filters-field">
      <span>{FILTER_LABELS[name]}</span>
      <input type="date" value={value} onChange={(event) => onChange(name, event.target.value)} />
    </label>
  );
}

interface FiltersProps {
  filters: URLSearchParams;
  onChange: (name: FilterName, value: string) => void;
  onClear: () => void;
}

const activeCount = (filters: URLSearchParams) => new Set(filters.keys()).size;

/** The "Filters" button and the slide-out drawer it opens; every change goes straight into the URL. */
export function FiltersDrawer(props: FiltersProps) {
  const [open, setOpen] = useState(false);
  const toggle = useRef<HTMLButtonElement>(null);
  const id = useId();
  const active = activeCount(props.filters);
  return (
    <>
      <button
        ref={toggle}
        type="button"
        className="filters-toggle"
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen(!open)}
      >
        Filters
        {active > 0 && (
          <span className="filters-toggle__count" aria-hidden="true">
            {active}
          </span>
        )}
      </button>
      {open && (
        <FiltersPanel
          id={id}
          onClose={() => {
            setOpen(false);
            toggle.current?.focus(); // back where the keyboard was before the drawer opened
          }}
          {...props}
        />
      )}
    </>
  );
}

/** The drawer's controls; the regions and runs to choose from are asked for only once it opens. */
function FiltersPanel({ id, onClose, filters, onChange, onClear }: FiltersProps & { id: string; onClose: () => void }) {
  const markets = useMarkets();
  const runs = useRuns();
  const value = (name: FilterName) => filters.getAll(name).join(",");
  const drawer = useRef<HTMLElement>(null);
  useEffect(() => drawer.current?.focus(), []); // keys (Tab, Escape) go to the drawer once it opens

  const regions = (markets.data?.markets ?? []).map((market) => ({
    value: market.region,
    label: `${market.display_name} (${market.region})`,
  }));
  const runOptions = (runs.data?.results ?? []).map((run) => ({
    value: run.name,
    label: `${run.name} (${run.sessions} sessions)`,
  }));

  return (
    <aside
      id={id}
      ref={drawer}
      tabIndex={-1}
      className="filters-drawer"
      aria-label="Filters"
      onKeyDown={(event) => event.key === "Escape" && onClose()}
    >
      <div className="filters-drawer__head">
        <h2>Filters</h2>
        <button type="button" onClick={onClose} aria-label="Close filters">
          ×
        </button>
      </div>
      <Choice name="region" any="All regions" options={regions} value={value("region")} onChange={onChange} />
      <Choice
        name="day_of_week"
        any="Every day"
        options={WEEKDAYS.map((day) => ({ value: day, label: day }))}
        value={value("day_of_week")}
        onChange={onChange}
      />
      <DateField name="start_date" value={value("start_date")} onChange={onChange} />
      <DateField name="end_date" value={value("end_date")} onChange={onChange} />
      <Choice
        name="outcome"
        any="Any outcome"
        options={Object.keys(OUTCOMES).map((outcome) => ({ value: outcome, label: outcome }))}
        value={value("outcome")}
        onChange={onChange}
      />
      <Choice
        name="signal"
        any="Any signal"
        options={Object.entries(SIGNALS).map(([code, { label }]) => ({ value: code, label }))}
        value={value("signal")}
        onChange={onChange}
      />
      <Choice name="run" any="Live sessions" options={runOptions} value={value("run")} onChange={onChange} />
      <button type="button" onClick={onClear} disabled={activeCount(filters) === 0}>
        Clear filters
      </button>
    </aside>
  );
}

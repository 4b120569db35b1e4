import type { components } from "../../api/schema";
import { formatUsd } from "../../ui/figures";
import { TodaySessions } from "./TodaySessions";
import { TodaySummary } from "./TodaySummary";
import { useToday } from "./useToday";

type Today = components["schemas"]["Today"];

const DAY = new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", weekday: "short", day: "numeric", month: "short" });

/** "Tue 1 Dec" of a YYYY-MM-DD date. */
const formatDay = (isoDate: string) => DAY.format(Date.parse(`${isoDate}T00:00:00Z`));

/** Today: each region's session on its own trading date, live as captures happen and outcomes resolve. */
export function TodayPage() {
  const today = useToday();
  return (
    <>
      <header className="today-header">
        <h1>Today</h1>
        {today.data && <TodayFacts today={today.data} />}
      </header>
      {today.data && today.data.sessions.length > 0 && <TodaySummary summary={today.data.summary} />}
      <TodaySessions />
    </>
  );
}

/** Which date "today" is for each region (they differ across the date line), the sessions and their P&L. */
function TodayFacts({ today }: { today: Today }) {
  const regionsByDay = new Map<string, string[]>();
  for (const [region, day] of Object.entries(today.date)) {
    regionsByDay.set(day, [...(regionsByDay.get(day) ?? []), region]);
  }
  const { total_sessions: sessions, total_pnl: pnl } = today.summary;
  return (
    <div className="today-header__facts">
      <ul className="today-header__dates" aria-label="Trading date per region">
        {[...regionsByDay].map(([day, regions]) => (
          <li key={day}>
            <strong>{formatDay(day)}</strong> {regions.join(", ")}
          </li>
        ))}
      </ul>
      <p>
        {sessions} {sessions === 1 ? "session" : "sessions"} · P&amp;L{" "}
        <span className={pnl > 0 ? "up" : pnl < 0 ? "down" : undefined}>{formatUsd(pnl)}</span>
      </p>
    </div>
  );
}

/** The session shapes of the generated OpenAPI schema that the session cards read. */
import type { components } from "../../api/schema";

type Schemas = components["schemas"];

/** A session as the list endpoints give it (today, history, sessions). */
export type SessionRow = Schemas["SessionRow"];
/** Today's rows add the evaluation window, so a Pending card can count down to its end. */
export type TodaySession = Schemas["TodaySession"];
export type SessionDetail = Schemas["SessionDetailResponse"];
export type Snapshot = Schemas["FutureSnapshot"];
export type SessionPath = Schemas["SessionPath"];
/** A region whose capture failed today (SPEC §3): no session, and why. */
export type MissedCapture = Schemas["MissedRow"];

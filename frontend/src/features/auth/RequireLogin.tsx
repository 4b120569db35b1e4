import type { ReactNode } from "react";
import { Navigate, useLocation } from "react-router";

import { ErrorState, Loading } from "../../ui/states";
import { useWhoami } from "./session";

/** Renders its children for a logged-in user; sends anyone else to /login?next=<here>. */
export function RequireLogin({ children }: { children: ReactNode }) {
  const whoami = useWhoami();
  const location = useLocation();
  if (whoami.isPending) return <Loading what="your session" />;
  if (whoami.isError) return <ErrorState error={whoami.error} onRetry={() => void whoami.refetch()} />;
  if (!whoami.data.authenticated) {
    const next = encodeURIComponent(location.pathname + location.search);
    return <Navigate to={`/login?next=${next}`} replace />;
  }
  return children;
}

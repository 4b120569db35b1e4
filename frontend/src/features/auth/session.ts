/** The login state: one query (whoami) that every part of the app reads and the API's 401/403 resets. */
import { useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";

import { api } from "../../api/client";
import type { Whoami } from "../../api/types";

export const WHOAMI_KEY = ["auth", "whoami"] as const;
export const ANONYMOUS: Whoami = { authenticated: false, username: null };

export function useWhoami() {
  return useQuery({ queryKey: WHOAMI_KEY, queryFn: api.whoami, staleTime: Infinity });
}

/** Forget the previous user's data, keep the new login state (RequireLogin reacts to it). */
export function setSession(client: QueryClient, me: Whoami) {
  client.removeQueries({ predicate: (query) => query.queryKey[0] !== WHOAMI_KEY[0] });
  client.setQueryData(WHOAMI_KEY, me);
}

export function useLogin() {
  const client = useQueryClient();
  return useMutation({ mutationFn: api.login, onSuccess: (me) => setSession(client, me) });
}

export function useLogout() {
  const client = useQueryClient();
  return useMutation({ mutationFn: api.logout, onSuccess: (me) => setSession(client, me) });
}

/** Where to go after logging in: a path of this app only (never another site, never /login again). */
export function safeNext(next: string | null): string {
  if (next === null || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/login")) return "/";
  return next;
}

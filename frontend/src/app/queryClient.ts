import { QueryCache, QueryClient } from "@tanstack/react-query";

import { ApiError, NotLoggedInError } from "../api/client";
import { ANONYMOUS, WHOAMI_KEY } from "../features/auth/session";

/**
 * One client for the app. Any query that finds the session gone marks the
 * user logged out, and RequireLogin sends them to /login. A client error
 * (4xx) is not retried: asking again gets the same answer.
 */
export function createQueryClient({ retry = true }: { retry?: boolean } = {}): QueryClient {
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({
      onError: (error) => {
        if (error instanceof NotLoggedInError) client.setQueryData(WHOAMI_KEY, ANONYMOUS);
      },
    }),
    defaultOptions: {
      queries: {
        refetchOnWindowFocus: false,
        retry: (failures, error) =>
          retry && failures < 2 && !(error instanceof ApiError && error.status >= 400 && error.status < 500),
      },
    },
  });
  return client;
}

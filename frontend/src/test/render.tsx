import { QueryClientProvider } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import type { ReactElement } from "react";
import { MemoryRouter } from "react-router";

import { AppRoutes } from "../app/AppRoutes";
import { createQueryClient } from "../app/queryClient";

/** A component inside the app's providers, with a fresh cache and no retries. */
export function renderWithProviders(ui: ReactElement, { path = "/" }: { path?: string } = {}) {
  const client = createQueryClient({ retry: false });
  return render(
    <QueryClientProvider client={client}>
      <MemoryRouter initialEntries={[path]}>{ui}</MemoryRouter>
    </QueryClientProvider>,
  );
}

/** The whole app at `path`. */
export function renderApp(path: string) {
  return renderWithProviders(<AppRoutes />, { path });
}

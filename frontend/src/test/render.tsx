import { QueryClientProvider } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import type { ReactElement, ReactNode } from "react";
import { MemoryRouter } from "react-router";

import { AppRoutes } from "../app/AppRoutes";
import { createQueryClient } from "../app/queryClient";

/** A component inside the app's providers, with a fresh cache and no retries; `rerender` keeps them. */
export function renderWithProviders(ui: ReactElement, { path = "/" }: { path?: string } = {}) {
  const client = createQueryClient({ retry: false });
  const wrapper = ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={client}>
      <MemoryRouter initialEntries={[path]}>{children}</MemoryRouter>
    </QueryClientProvider>
  );
  return render(ui, { wrapper });
}

/** The whole app at `path`. */
export function renderApp(path: string) {
  return renderWithProviders(<AppRoutes />, { path });
}

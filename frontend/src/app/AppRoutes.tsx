import { Route, Routes } from "react-router";

import { LoginPage } from "../features/auth/LoginPage";
import { RequireLogin } from "../features/auth/RequireLogin";
import { HistoryPage } from "../features/history/HistoryPage";
import { HomePage } from "../features/home/HomePage";
import { TodayPage } from "../features/today/TodayPage";
import { Layout } from "./Layout";
import { NotFoundPage } from "./NotFoundPage";

export function AppRoutes() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route
        element={
          <RequireLogin>
            <Layout />
          </RequireLogin>
        }
      >
        <Route index element={<HomePage />} />
        <Route path="futures/market-open/today" element={<TodayPage />} />
        <Route path="futures/market-open/history" element={<HistoryPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}

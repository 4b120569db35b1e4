import { Link, NavLink, Outlet } from "react-router";

import { useLogout, useWhoami } from "../features/auth/session";

/** The frame of every logged-in page: the name, who is logged in, log out. */
export function Layout() {
  const whoami = useWhoami();
  const logout = useLogout();
  return (
    <>
      <header className="topbar">
        <Link to="/" className="topbar__brand">
          Thor Market Open
        </Link>
        <nav className="topbar__nav" aria-label="Pages">
          <NavLink to="/" end>
            Home
          </NavLink>
          <NavLink to="/futures/market-open/today">Today</NavLink>
          <NavLink to="/futures/market-open/history">History</NavLink>
        </nav>
        <span className="topbar__user">{whoami.data?.username}</span>
        <button type="button" onClick={() => logout.mutate()} disabled={logout.isPending}>
          Log out
        </button>
      </header>
      <main className="page">
        <Outlet />
      </main>
    </>
  );
}

import { Link, useLocation } from "react-router";

export function NotFoundPage() {
  const { pathname } = useLocation();
  return (
    <div className="state">
      <h1>Nothing here</h1>
      <p>
        The dashboard has no page at <code>{pathname}</code>. <Link to="/">Back to Global Markets</Link>
      </p>
    </div>
  );
}

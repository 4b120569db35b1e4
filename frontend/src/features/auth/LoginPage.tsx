import type { FormEvent } from "react";
import { Navigate, useSearchParams } from "react-router";

import { safeNext, useLogin, useWhoami } from "./session";

export function LoginPage() {
  const [params] = useSearchParams();
  const whoami = useWhoami();
  const login = useLogin();
  if (whoami.data?.authenticated) return <Navigate to={safeNext(params.get("next"))} replace />;

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    login.mutate({ username: String(form.get("username")), password: String(form.get("password")) });
  };

  return (
    <main className="login">
      <form className="login__form" aria-labelledby="login-title" onSubmit={onSubmit}>
        <h1 id="login-title">Thor Market Open</h1>
        <label>
          Username
          <input name="username" autoComplete="username" required autoFocus />
        </label>
        <label>
          Password
          <input name="password" type="password" autoComplete="current-password" required />
        </label>
        {login.isError && <p role="alert">{login.error.message}</p>}
        <button type="submit" disabled={login.isPending}>
          {login.isPending ? "Logging in…" : "Log in"}
        </button>
        <p className="hint">
          No account yet? <code>./thor run</code> prints a demo login; <code>manage.py createsuperuser</code> makes
          one.
        </p>
      </form>
    </main>
  );
}

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Suspense } from "react";
import { NavLink, Outlet, useNavigate } from "react-router";
import { setCsrfToken, useTRPC } from "./trpc";
import { Loading } from "./ui";

export function Layout() {
  const trpc = useTRPC();
  const me = useQuery(trpc.customer.me.queryOptions());
  // Every page shows this header, so the session's CSRF token is known before any mutation.
  if (me.data !== undefined) setCsrfToken(me.data?.csrfToken ?? null);
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const signOut = useMutation(
    trpc.customer.signOut.mutationOptions({
      onSuccess: async () => {
        setCsrfToken(null);
        queryClient.clear();
        navigate("/");
      },
    }),
  );
  return (
    <>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="site-header">
        <div className="inner">
          {/* Named by its text, not aria-label: axe wants the name to start with what is seen. */}
          <NavLink to="/" className="brand">
            <span className="brand-mark" aria-hidden="true">
              K
            </span>
            Keyway<span className="sr-only"> home</span>
          </NavLink>
          <nav className="nav" aria-label="Main">
            {me.data ? (
              <>
                <NavLink to="/account/licenses">Licenses</NavLink>
                <NavLink to="/account/orders">Orders</NavLink>
                <NavLink to="/account/subscriptions">Subscriptions</NavLink>
                <button type="button" className="btn secondary small" onClick={() => signOut.mutate()}>
                  Sign out
                </button>
              </>
            ) : (
              <NavLink to="/sign-in">Sign in</NavLink>
            )}
          </nav>
        </div>
      </header>
      <main id="main" className="inner">
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </main>
      <footer className="site-footer">
        <div className="inner">Licenses sold and verified with Keyway.</div>
      </footer>
    </>
  );
}

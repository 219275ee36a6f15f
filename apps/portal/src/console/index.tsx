import {
  QueryClient,
  QueryClientProvider,
  useMutation,
  useQuery,
  useQueryClient,
} from "@tanstack/react-query";
import { lazy, type ReactNode, Suspense, useEffect, useState } from "react";
import { NavLink, Route, Routes, useLocation } from "react-router";
import "./console.css";
import "./console-phone.css";
import { setDisplayTimeZone } from "./format";
import { AuthScreen } from "./pages/auth";
import { createConsoleClient, setCsrfToken, TRPCProvider, useTRPC } from "./trpc";

const DashboardPage = lazy(() => import("./pages/dashboard"));
const CredentialsPage = lazy(() => import("./pages/credentials"));
const CatalogPage = lazy(() => import("./pages/catalog"));
const EntitlementsPage = lazy(() => import("./pages/entitlements"));
const LicensesPage = lazy(() => import("./pages/licenses"));
const LicenseDetailPage = lazy(() => import("./pages/license-detail"));
const OrdersPage = lazy(() => import("./pages/orders"));
const OrderDetailPage = lazy(() => import("./pages/order-detail"));
const CustomersPage = lazy(() => import("./pages/customers"));
const CustomerDetailPage = lazy(() => import("./pages/customer-detail"));
const MessagesPage = lazy(() => import("./pages/messages"));
const RenewalsPage = lazy(() => import("./pages/renewals"));
const WebhooksPage = lazy(() => import("./pages/webhooks"));
const SettingsPage = lazy(() => import("./pages/settings"));

/**
 * The vendor console, mounted by the portal at `/console/*` (lazily: none of this is in the
 * portal's first load). It brings its own query client and tRPC client (cookie + CSRF).
 */
export default function ConsoleApp() {
  const [queryClient] = useState(
    () => new QueryClient({ defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false } } }),
  );
  const [trpcClient] = useState(createConsoleClient);
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        <div className="kc-root">
          <SessionGate />
        </div>
      </TRPCProvider>
    </QueryClientProvider>
  );
}

function SessionGate() {
  const trpc = useTRPC();
  const session = useQuery(trpc.account.session.queryOptions());
  if (session.isPending) return <p className="kc-loading">Loading…</p>;
  const data = session.data ?? null;
  setCsrfToken(data?.csrfToken ?? null);
  setDisplayTimeZone(data?.vendor.timezone);
  if (!data) return <AuthScreen />;
  return (
    <Shell
      vendorName={data.vendor.name}
      storeSlug={data.vendor.slug}
      email={data.user.email}
      role={data.user.role}
    >
      <Suspense fallback={<p className="kc-loading">Loading…</p>}>
        <Routes>
          <Route index element={<DashboardPage />} />
          <Route path="licenses" element={<LicensesPage />} />
          <Route path="licenses/:licenseId" element={<LicenseDetailPage />} />
          <Route path="orders" element={<OrdersPage />} />
          <Route path="orders/:orderId" element={<OrderDetailPage />} />
          <Route path="customers" element={<CustomersPage />} />
          <Route path="customers/:customerId" element={<CustomerDetailPage />} />
          <Route path="messages" element={<MessagesPage role={data.user.role} />} />
          <Route path="renewals" element={<RenewalsPage />} />
          <Route path="catalog" element={<CatalogPage />} />
          <Route path="entitlements" element={<EntitlementsPage />} />
          <Route path="credentials" element={<CredentialsPage role={data.user.role} />} />
          <Route path="webhooks" element={<WebhooksPage />} />
          <Route path="settings" element={<SettingsPage role={data.user.role} userId={data.user.id} />} />
          <Route path="*" element={<p>Not found.</p>} />
        </Routes>
      </Suspense>
    </Shell>
  );
}

const nav = [
  ["", "Dashboard"],
  ["licenses", "Licenses"],
  ["orders", "Orders"],
  ["customers", "Customers"],
  ["renewals", "Renewals"],
  ["catalog", "Catalog"],
  ["entitlements", "Entitlements"],
  ["credentials", "API credentials"],
  ["webhooks", "Webhooks"],
  ["messages", "Messages"],
  ["settings", "Settings"],
] as const;

function Shell({
  children,
  vendorName,
  storeSlug,
  email,
  role,
}: {
  children: ReactNode;
  vendorName: string;
  storeSlug: string;
  email: string;
  role: string;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const signOut = useMutation(
    trpc.account.signOut.mutationOptions({
      onSuccess: () => {
        setCsrfToken(null);
        queryClient.clear();
      },
    }),
  );
  // On a phone the menu is folded away until asked for, and folds again once a page is chosen.
  const [menuOpen, setMenuOpen] = useState(false);
  const { pathname } = useLocation();
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new page closes the menu
  useEffect(() => setMenuOpen(false), [pathname]);
  const storeUrl = `${window.location.origin}/${storeSlug}`;
  return (
    <div className="kc-shell">
      <aside className="kc-nav" data-open={menuOpen}>
        <div className="kc-nav-top">
          <div className="kc-brand">
            <span className="kc-logo">K</span>
            <div>
              <strong>{vendorName}</strong>
              <small>Keyway console</small>
            </div>
          </div>
          <button
            type="button"
            className="kc-menu-button kc-secondary"
            aria-expanded={menuOpen}
            aria-controls="kc-menu"
            onClick={() => setMenuOpen(!menuOpen)}
          >
            {menuOpen ? "Close menu" : "Menu"}
          </button>
        </div>
        <div className="kc-menu" id="kc-menu">
          <nav aria-label="Console">
            {nav.map(([to, label]) => (
              <NavLink key={to} to={to === "" ? "/console" : `/console/${to}`} end={to === ""}>
                {label}
              </NavLink>
            ))}
          </nav>
          <div className="kc-store-link">
            <small>Your store</small>
            <a href={storeUrl} target="_blank" rel="noreferrer" data-testid="store-url">
              {storeUrl.replace(/^https?:\/\//, "")}
            </a>
          </div>
          <div className="kc-user">
            <small>
              {email} · {role}
            </small>
            <button type="button" className="kc-link" onClick={() => signOut.mutate()}>
              Sign out
            </button>
          </div>
        </div>
      </aside>
      <main className="kc-main">{children}</main>
    </div>
  );
}

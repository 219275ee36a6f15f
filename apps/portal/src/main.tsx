import "./app/zod-jitless";
import { QueryClientProvider } from "@tanstack/react-query";
import { lazy, StrictMode, Suspense, useState } from "react";
import { createRoot } from "react-dom/client";
import { BrowserRouter, Route, Routes } from "react-router";
import { Layout } from "./app/layout";
import { createPortalClient, createQueryClient, TRPCProvider } from "./app/trpc";
import { Loading } from "./app/ui";
import "./app/styles.css";

// Every page is its own chunk so the first load stays small; the console too (under /console).
const Console = lazy(() => import("./console/index"));
const Home = lazy(() => import("./pages/home"));
const Storefront = lazy(() => import("./pages/storefront"));
const OrderPage = lazy(() => import("./pages/order"));
const Renew = lazy(() => import("./pages/renew"));
const Offline = lazy(() => import("./pages/offline"));
const SignIn = lazy(() => import("./pages/sign-in"));
const MyLicenses = lazy(() => import("./pages/account-licenses"));
const MyOrders = lazy(() => import("./pages/account-orders"));
const Receipt = lazy(() => import("./pages/receipt"));
const MySubscriptions = lazy(() => import("./pages/account-subscriptions"));
const NotFound = lazy(() => import("./pages/not-found"));

function Portal() {
  const [queryClient] = useState(createQueryClient);
  const [trpcClient] = useState(createPortalClient);
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        <Routes>
          <Route element={<Layout />}>
            <Route index element={<Home />} />
            <Route path="orders/:token" element={<OrderPage />} />
            <Route path="renew" element={<Renew />} />
            <Route path="offline" element={<Offline />} />
            <Route path="sign-in" element={<SignIn />} />
            <Route path="account/licenses" element={<MyLicenses />} />
            <Route path="account/orders" element={<MyOrders />} />
            <Route path="account/orders/:orderId" element={<Receipt />} />
            <Route path="account/subscriptions" element={<MySubscriptions />} />
            <Route path=":vendorSlug" element={<Storefront />} />
            <Route path="*" element={<NotFound />} />
          </Route>
        </Routes>
      </TRPCProvider>
    </QueryClientProvider>
  );
}

const root = document.getElementById("root");
if (root)
  createRoot(root).render(
    <StrictMode>
      <BrowserRouter>
        <Routes>
          <Route
            path="/console/*"
            element={
              <Suspense fallback={null}>
                <Console />
              </Suspense>
            }
          />
          <Route
            path="*"
            element={
              <Suspense fallback={<Loading />}>
                <Portal />
              </Suspense>
            }
          />
        </Routes>
      </BrowserRouter>
    </StrictMode>,
  );

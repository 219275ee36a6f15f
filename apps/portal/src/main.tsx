import { lazy, StrictMode, Suspense } from "react";
import { createRoot } from "react-dom/client";
import { BrowserRouter, Route, Routes } from "react-router";

// The vendor console loads only under /console (its own chunk).
const Console = lazy(() => import("./console/index"));

function App() {
  return (
    <main style={{ fontFamily: "system-ui, sans-serif", maxWidth: 720, margin: "64px auto", padding: 24 }}>
      <h1>Keyway</h1>
      <p>Buy, renew and verify software licenses.</p>
    </main>
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
          <Route path="*" element={<App />} />
        </Routes>
      </BrowserRouter>
    </StrictMode>,
  );

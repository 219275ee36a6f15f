import type { Onboarding } from "@keyway/schema";
import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { useTRPC } from "../trpc";
import { Card } from "../ui";

/** Where each first step is done in the console. */
const stepPage: Record<Onboarding["steps"][number]["key"], string> = {
  product: "/console/catalog",
  price: "/console/catalog",
  gateway: "/console/settings",
  credential: "/console/credentials",
  webhook: "/console/webhooks",
};

/** The first steps of a new store, ticked from its data (core's `onboardingSteps`); gone once all are done. */
export function OnboardingChecklist() {
  const trpc = useTRPC();
  const onboarding = useQuery(trpc.dashboard.getOnboarding.queryOptions());
  const data = onboarding.data;
  if (!data || data.complete) return null;
  const done = data.steps.filter((s) => s.done).length;
  return (
    <Card title={`Get your store ready — ${done} of ${data.steps.length} done`}>
      <ul className="kc-checklist" data-testid="onboarding">
        {data.steps.map((step) => (
          <li key={step.key} data-done={step.done} data-step={step.key}>
            <span className="kc-tick" aria-hidden="true">
              {step.done ? "✓" : ""}
            </span>
            {step.done ? (
              <span>
                {step.label} <span className="kc-visually-hidden">(done)</span>
              </span>
            ) : (
              <Link to={stepPage[step.key]}>{step.label}</Link>
            )}
          </li>
        ))}
      </ul>
    </Card>
  );
}

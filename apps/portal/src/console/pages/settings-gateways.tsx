import type { ConfigurableGateway, VendorSettings } from "@keyway/schema";
import { useMutation } from "@tanstack/react-query";
import { type ReactNode, useState } from "react";
import { useTRPC } from "../trpc";
import { Card, ErrorNote } from "../ui";

/** The events a vendor's Stripe endpoint should send (what core's Stripe adapter reads). */
const STRIPE_EVENTS = [
  "checkout.session.completed",
  "checkout.session.async_payment_succeeded",
  "checkout.session.async_payment_failed",
  "checkout.session.expired",
  "payment_intent.succeeded",
  "payment_intent.payment_failed",
  "charge.refunded",
  "charge.dispute.created",
  "charge.dispute.closed",
];
const PAYPAL_EVENTS = [
  "CHECKOUT.ORDER.APPROVED",
  "PAYMENT.CAPTURE.COMPLETED",
  "PAYMENT.CAPTURE.DENIED",
  "PAYMENT.CAPTURE.REFUNDED",
  "PAYMENT.CAPTURE.REVERSED",
  "CUSTOMER.DISPUTE.CREATED",
  "CUSTOMER.DISPUTE.RESOLVED",
];

/**
 * Where a provider reaches this vendor's own account: payments, refunds and disputes it sends
 * there are checked with these credentials (core's `callbackBase`). The console is served by
 * the API server, so the page's origin is the server's public URL.
 */
export function gatewayCallbackUrl(origin: string, gateway: ConfigurableGateway, vendorSlug: string): string {
  return `${origin}/webhooks/gateways/${gateway}/vendors/${encodeURIComponent(vendorSlug)}`;
}

/** One gateway's credentials: write-only, with the URL to give the provider. */
function GatewayForm({
  gateway,
  title,
  configured,
  owner,
  url,
  urlLabel,
  events,
  children,
  ready,
  onSave,
  onRemove,
}: {
  gateway: ConfigurableGateway;
  title: string;
  configured: boolean;
  owner: boolean;
  url: string;
  urlLabel: string;
  /** Which events to subscribe the URL to, and where the provider's id or secret for it goes. */
  events?: string;
  children: ReactNode;
  ready: boolean;
  onSave: () => void;
  onRemove: () => void;
}) {
  return (
    <>
      <form
        className="kc-inline"
        aria-label={title}
        onSubmit={(e) => {
          e.preventDefault();
          onSave();
        }}
      >
        <strong>
          {title} {configured ? "configured" : "not configured"}
        </strong>
        {children}
        <button type="submit" disabled={!owner || !ready}>
          Save
        </button>
        {configured && owner ? (
          <button type="button" className="kc-secondary" onClick={onRemove}>
            Remove
          </button>
        ) : null}
      </form>
      <p className="kc-muted">
        <small>
          {urlLabel}: <code data-testid={`${gateway}-callback-url`}>{url}</code>
          {events ? (
            <>
              <br />
              {events}
            </>
          ) : null}
        </small>
      </p>
    </>
  );
}

/** UPI Gateway, PayPal and Stripe credentials (stored encrypted, never shown again). */
export function GatewaysCard({
  settings: s,
  owner,
  onSaved,
}: {
  settings: VendorSettings;
  owner: boolean;
  onSaved: (s: VendorSettings) => void;
}) {
  const trpc = useTRPC();
  const setGateway = useMutation(
    trpc.vendorSettings.setGatewayCredentials.mutationOptions({ onSuccess: onSaved }),
  );
  const clearGateway = useMutation(
    trpc.vendorSettings.clearGatewayCredentials.mutationOptions({ onSuccess: onSaved }),
  );
  const [upi, setUpi] = useState("");
  const [paypal, setPaypal] = useState({ clientId: "", clientSecret: "", webhookId: "" });
  const [stripe, setStripe] = useState({ secretKey: "", webhookSecret: "" });
  const url = (g: ConfigurableGateway) => gatewayCallbackUrl(window.location.origin, g, s.slug);
  const remove = (gateway: ConfigurableGateway) => () => clearGateway.mutate({ gateway });
  return (
    <Card title="Gateways">
      <p className="kc-muted">
        Payments open, are checked and are refunded on your own account with each provider. Credentials are
        encrypted at rest and never shown again.
      </p>
      <GatewayForm
        gateway="upigateway"
        title="UPI Gateway"
        configured={s.gateways.upigateway}
        owner={owner}
        url={url("upigateway")}
        urlLabel="Callback (webhook) URL to set in UPI Gateway"
        ready={Boolean(upi)}
        onSave={() => setGateway.mutate({ gateway: "upigateway", key: upi }, { onSuccess: () => setUpi("") })}
        onRemove={remove("upigateway")}
      >
        <input
          aria-label="UPI Gateway key"
          type="password"
          placeholder="API key"
          value={upi}
          disabled={!owner}
          onChange={(e) => setUpi(e.target.value)}
        />
      </GatewayForm>
      <GatewayForm
        gateway="paypal"
        title="PayPal"
        configured={s.gateways.paypal}
        owner={owner}
        url={url("paypal")}
        urlLabel="Webhook URL to add in PayPal"
        events={`Events: ${PAYPAL_EVENTS.join(", ")}. Then enter the webhook's id above.`}
        ready={Boolean(paypal.clientId && paypal.clientSecret)}
        onSave={() =>
          setGateway.mutate(
            {
              gateway: "paypal",
              clientId: paypal.clientId,
              clientSecret: paypal.clientSecret,
              webhookId: paypal.webhookId || undefined,
            },
            { onSuccess: () => setPaypal({ clientId: "", clientSecret: "", webhookId: "" }) },
          )
        }
        onRemove={remove("paypal")}
      >
        <input
          aria-label="PayPal client id"
          placeholder="Client id"
          value={paypal.clientId}
          disabled={!owner}
          onChange={(e) => setPaypal({ ...paypal, clientId: e.target.value })}
        />
        <input
          aria-label="PayPal client secret"
          type="password"
          placeholder="Client secret"
          value={paypal.clientSecret}
          disabled={!owner}
          onChange={(e) => setPaypal({ ...paypal, clientSecret: e.target.value })}
        />
        <input
          aria-label="PayPal webhook id"
          placeholder="Webhook id"
          value={paypal.webhookId}
          disabled={!owner}
          onChange={(e) => setPaypal({ ...paypal, webhookId: e.target.value })}
        />
      </GatewayForm>
      <GatewayForm
        gateway="stripe"
        title="Stripe"
        configured={s.gateways.stripe}
        owner={owner}
        url={url("stripe")}
        urlLabel="Webhook endpoint URL to add in Stripe"
        events={`Events: ${STRIPE_EVENTS.join(", ")}. Then enter the endpoint's signing secret above.`}
        ready={Boolean(stripe.secretKey)}
        onSave={() =>
          setGateway.mutate(
            {
              gateway: "stripe",
              secretKey: stripe.secretKey,
              webhookSecret: stripe.webhookSecret || undefined,
            },
            { onSuccess: () => setStripe({ secretKey: "", webhookSecret: "" }) },
          )
        }
        onRemove={remove("stripe")}
      >
        <input
          aria-label="Stripe secret key"
          type="password"
          placeholder="Secret key (sk_…)"
          value={stripe.secretKey}
          disabled={!owner}
          onChange={(e) => setStripe({ ...stripe, secretKey: e.target.value })}
        />
        <input
          aria-label="Stripe webhook signing secret"
          type="password"
          placeholder="Webhook signing secret (whsec_…)"
          value={stripe.webhookSecret}
          disabled={!owner}
          onChange={(e) => setStripe({ ...stripe, webhookSecret: e.target.value })}
        />
      </GatewayForm>
      <ErrorNote error={setGateway.error ?? clearGateway.error} />
    </Card>
  );
}

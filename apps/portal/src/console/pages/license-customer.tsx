import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { useTRPC } from "../trpc";
import { customerLink } from "./order-detail-links";

/**
 * The license page's customer, on its own line of the license's details: who holds it (name,
 * email, phone), what else they have, and where to find them.
 */
export function LicenseCustomer({ customerId }: { customerId: string | null }) {
  const trpc = useTRPC();
  const detail = useQuery({
    ...trpc.dashboard.getCustomer.queryOptions({ customerId: customerId ?? "" }),
    enabled: customerId !== null,
  });
  if (customerId === null) return <>— (made without one)</>;
  const c = detail.data?.customer;
  if (!c) return <>{detail.error ? "Could not load the customer." : "Loading…"}</>;
  return (
    <span data-testid="license-customer">
      {[c.name, c.email, c.phone].filter(Boolean).join(" · ") || c.id}
      <br />
      <small className="kc-muted">
        {c.licenses} {c.licenses === 1 ? "license" : "licenses"}, {c.paidOrders} paid{" "}
        {c.paidOrders === 1 ? "order" : "orders"} ·{" "}
      </small>
      <Link to={customerLink(c)}>Open in Customers</Link>
    </span>
  );
}

/** The license's order, by its reference, linked to the order page. */
export function LicenseOrderLink({ orderId }: { orderId: string | null }) {
  const trpc = useTRPC();
  const order = useQuery({
    ...trpc.order.get.queryOptions({ orderId: orderId ?? "" }),
    enabled: orderId !== null,
  });
  if (orderId === null) return <>— (made by hand)</>;
  return (
    <Link to={`/console/orders/${orderId}`} data-testid="license-order">
      {order.data?.reference ?? "Open the order"}
    </Link>
  );
}

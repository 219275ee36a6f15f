import { formatLocalDate, formatLocalDateTime } from "../licensing/local-time";

/**
 * An audit event in words for people: what happened and who did it ("Bound to example.com — by
 * the customer's software"). Pure: the caller resolves the names behind actors (`ActorNames`).
 */

export interface DescribableEvent {
  type: string;
  actor: string;
  data: Record<string, unknown>;
}

/** Names for `user:` and `api:` actors (an id not found reads as "a removed …"); dates in `timeZone`. */
export interface ActorNames {
  users: ReadonlyMap<string, { name: string; role: string }>;
  credentials: ReadonlyMap<string, string>;
  timeZone?: string;
}

const text = (v: unknown): string => (typeof v === "string" ? v : "");
const time = (v: unknown, timeZone: string): string =>
  typeof v === "string" && !Number.isNaN(Date.parse(v))
    ? formatLocalDateTime(new Date(v), timeZone)
    : "a while";

/** Who did it, in words. */
export function describeActor(actor: string, names: ActorNames): string {
  const [kind, ...rest] = actor.split(":");
  const id = rest.join(":");
  switch (kind) {
    case "system":
      return "Keyway";
    case "license-key":
      return "the customer's software";
    case "portal":
      return "the customer, at checkout";
    case "customer":
      return "the customer";
    case "blenddoit":
      return "the customer's software (Blenddoit)";
    case "user": {
      const user = names.users.get(id);
      return user ? `${user.name} (${user.role})` : "a removed team member";
    }
    case "api": {
      const name = names.credentials.get(id);
      return name ? `API credential ‘${name}’` : "a removed API credential";
    }
    case "gateway":
      return `the payment gateway (${id})`;
    default:
      return actor;
  }
}

/** What happened, in words (without who); dates as the vendor's calendar shows them. */
export function describeWhat(event: DescribableEvent, timeZone = "UTC"): string {
  const d = event.data;
  const day = (v: unknown): string =>
    typeof v === "string" && !Number.isNaN(Date.parse(v)) ? formatLocalDate(new Date(v), timeZone) : "";
  const seat = text(d.label) || text(d.value);
  const reason = text(d.reason) ? `: ${text(d.reason)}` : "";
  switch (event.type) {
    case "license.created":
      return d.test_mode ? "Created (test mode)" : "Created";
    case "license.imported":
      return "Moved in from another system";
    case "license.activated":
      return day(d.expires_at) ? `Activated, valid until ${day(d.expires_at)}` : "Activated, never expires";
    case "license.bound":
      return seat ? `Bound to ${seat}` : "Bound to a new seat";
    case "license.released":
      return seat ? `Seat ${seat} released` : "Seat released";
    case "license.extended":
      return day(d.expires_at) ? `Expiry set to ${day(d.expires_at)}${reason}` : `Made perpetual${reason}`;
    case "license.updated":
      return `Changed ${describeChanges(d.changes, day)}${reason}`;
    case "license.key_reissued":
      return `Key reissued (…${text(d.old_key_last4)} → …${text(d.new_key_last4)})${reason}`;
    case "license.clock_started":
      return "Term started at first use";
    case "license.renewed":
      return day(d.expires_at) ? `Renewed until ${day(d.expires_at)}` : "Renewed";
    case "license.suspended":
      return `Suspended${reason}`;
    case "license.reinstated":
      return "Reinstated";
    case "license.revoked":
      return `Revoked${reason}`;
    case "license.expiring_soon":
      return typeof d.days_left === "number" ? `Expires in ${d.days_left} days` : "Expires soon";
    case "license.expired":
      return "Expired";
    case "license.grace_ended":
      return "Grace period ended";
    case "activation.dead":
      return `Seat ${seat || "of a machine"} died: no heartbeat since ${time(d.last_seen_at, timeZone)}; it must activate again`;
    case "payment.succeeded":
      return "Payment received";
    case "payment.failed":
      return "Payment failed";
    case "payment.refused":
      return "Payment refused";
    case "payment.refunded":
      return "Payment refunded";
    case "dispute.opened":
      return "Payment disputed";
    case "dispute.closed":
      return text(d.outcome) ? `Dispute closed (${text(d.outcome)})` : "Dispute closed";
    case "message.sent":
      return `${messageKind(d.kind)} sent by ${d.channel === "sms" ? "SMS" : "email"} to ${text(d.destination)}`;
    case "message.failed":
      return `${messageKind(d.kind)} by ${d.channel === "sms" ? "SMS" : "email"} to ${text(d.destination)} failed${text(d.error) ? `: ${text(d.error)}` : ""}`;
    default:
      // A type without words yet: its name, made readable ("subscription.past_due" → "Subscription past due").
      return sentence(event.type.replace(/[._]/g, " "));
  }
}

/** The whole line: "Suspended — by Ana (owner)". */
export function describeEvent(event: DescribableEvent, names: ActorNames): string {
  return `${describeWhat(event, names.timeZone)} — by ${describeActor(event.actor, names)}`;
}

/** `license.updated`'s changes in words: "seats 1 → 3, name, metadata". */
function describeChanges(changes: unknown, day: (v: unknown) => string): string {
  if (!changes || typeof changes !== "object") return "the license";
  // A fixed order: stored as jsonb, the object's own key order is not the order they were made in.
  const order = ["max_seats", "plan_id", "expires_at", "name", "metadata"];
  const rank = (field: string) => (order.includes(field) ? order.indexOf(field) : order.length);
  const entries = Object.entries(changes as Record<string, { from?: unknown; to?: unknown }>).sort(
    ([a], [b]) => rank(a) - rank(b),
  );
  const words = entries.map(([field, change]) => {
    switch (field) {
      case "max_seats":
        return `seats ${String(change.from)} → ${String(change.to)}`;
      case "expires_at":
        return day(change.to) ? `expiry to ${day(change.to)}` : "expiry to never";
      case "plan_id":
        return "plan";
      case "name":
        return text(change.to) ? `name to ‘${text(change.to)}’` : "name cleared";
      default:
        return field.replace(/_/g, " ");
    }
  });
  return words.length > 0 ? words.join(", ") : "the license";
}

const sentence = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const messageKind = (kind: unknown) => sentence((text(kind) || "message").replace(/[._]/g, " "));

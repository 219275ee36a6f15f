import { and, apiCredentials, type Executor, eq, inArray, vendors, vendorUsers } from "@keyway/db";
import type { LicenseTimelinePage } from "@keyway/schema";
import { type ActorNames, describeEvent } from "../events/describe-event";
import { listLicenseEvents } from "./list-license-events";

/**
 * A license's timeline for the console: each event with a sentence saying what happened and who
 * did it, the team members and API credentials named as the vendor knows them.
 */
export async function licenseTimeline(
  db: Executor,
  params: { vendorId: string; licenseId: string; limit?: number; cursor?: string | undefined },
): Promise<LicenseTimelinePage> {
  const page = await listLicenseEvents(db, params);
  const ids = (prefix: string) => [
    ...new Set(page.items.filter((e) => e.actor.startsWith(prefix)).map((e) => e.actor.slice(prefix.length))),
  ];
  const userIds = ids("user:");
  const credentialIds = ids("api:");
  const users = userIds.length
    ? await db
        .select({
          id: vendorUsers.id,
          name: vendorUsers.name,
          email: vendorUsers.email,
          role: vendorUsers.role,
        })
        .from(vendorUsers)
        .where(and(eq(vendorUsers.vendorId, params.vendorId), inArray(vendorUsers.id, userIds)))
    : [];
  const credentials = credentialIds.length
    ? await db
        .select({ id: apiCredentials.id, name: apiCredentials.name })
        .from(apiCredentials)
        .where(and(eq(apiCredentials.vendorId, params.vendorId), inArray(apiCredentials.id, credentialIds)))
    : [];
  const [vendor] = await db
    .select({ timezone: vendors.timezone })
    .from(vendors)
    .where(eq(vendors.id, params.vendorId));
  const names: ActorNames = {
    timeZone: vendor?.timezone ?? "UTC",
    users: new Map(users.map((u) => [u.id, { name: u.name ?? u.email, role: u.role }])),
    credentials: new Map(credentials.map((c) => [c.id, c.name])),
  };
  return {
    items: page.items.map((e) => ({ ...e, description: describeEvent(e, names) })),
    nextCursor: page.nextCursor,
  };
}

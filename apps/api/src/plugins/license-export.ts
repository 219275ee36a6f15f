import { Readable } from "node:stream";
import { exportLicenseFile, hasOwnerRights, resolveVendorSession } from "@keyway/core";
import { LicenseFileFormat } from "@keyway/schema";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { AppDeps } from "../deps";
import { credentialOf, vendorOfCredential } from "../http/credentials";
import { errorHandlerFor, sendFailure } from "../http/error-envelopes";
import { clientFailure } from "../http/failure";
import { cookieOf } from "../http/headers";
import { CONSOLE_COOKIE } from "../trpc/routers/account/session-cookie";

/**
 * GET /api/v1/licenses/export: every license with its activations, streamed as JSON Lines or CSV
 * (core's licensing/import/export-licenses.ts), in the shape `POST /licenses/import` reads. A
 * plain route, because an export of a million licenses is a stream, not one JSON answer. An
 * owner's right, as the import is: an API credential, or an owner's console session (the
 * console's download link; a GET changes nothing, so no CSRF token). Documented in
 * /openapi.json by ./license-export-openapi.ts.
 */
export async function licenseExportPlugin(app: FastifyInstance, deps: AppDeps) {
  app.setErrorHandler(errorHandlerFor("rest"));

  app.get<{ Querystring: { format?: string } }>("/api/v1/licenses/export", async (request, reply) => {
    const format = LicenseFileFormat.safeParse(request.query.format ?? "jsonl");
    if (!format.success) {
      return sendFailure("rest", request, reply, clientFailure(400, "`format` is `jsonl` or `csv`."));
    }
    const vendorId = await ownerVendorOf(deps, request);
    if (vendorId === null) {
      return sendFailure("rest", request, reply, clientFailure(401, "Invalid or missing API credentials."));
    }
    if (vendorId === "member") {
      return sendFailure("rest", request, reply, clientFailure(403, "Only an owner can do this."));
    }
    const day = new Date().toISOString().slice(0, 10);
    const extension = format.data === "csv" ? "csv" : "jsonl";
    reply
      .header("content-type", format.data === "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson")
      .header("content-disposition", `attachment; filename="licenses-${day}.${extension}"`)
      .header("cache-control", "no-store");
    return reply.send(Readable.from(exportLicenseFile(deps.db, { vendorId, format: format.data })));
  });
}

/** The vendor an owner's right is presented for; "member" for a team member's session; null for none. */
async function ownerVendorOf(deps: AppDeps, request: FastifyRequest): Promise<string | "member" | null> {
  const credential = credentialOf(request);
  if (credential) return (await vendorOfCredential(deps.db, credential))?.vendorId ?? null;
  const token = cookieOf(request, CONSOLE_COOKIE);
  const session = token ? await resolveVendorSession(deps.db, token) : null;
  if (!session) return null;
  return hasOwnerRights({ credentialId: null, role: session.user.role }) ? session.vendor.id : "member";
}

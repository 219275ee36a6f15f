import { openApiIntro } from "./openapi-docs";

/**
 * The document's `info`: what the API is, how it is versioned, what stays in the console.
 * `version` is the semver of the /api/v1 contract: minor for each addition, patch for fixes.
 */
export const apiInfo = {
  title: "Keyway API",
  version: "1.1.0",
  description: [
    "Sell and verify software licenses. Vendor routes take an API credential: `Authorization: Bearer <secret>`, or the pair `x-api-key` + `x-api-secret`. Every error answers `{ message, code, data: { code, httpStatus, details? } }`: branch on the domain code `data.code`.",
    "**Versioning.** The path carries the major version: `/api/v1` is stable and only grows (new routes, new optional input fields, new output fields, new values in open enums), so clients ignore what they do not know. A breaking change ships as `/api/v2` beside v1; this document's `info.version` is the semver of the v1 contract.",
    "**Console only.** API credentials and payment-gateway credentials are managed in the console, not over this API: their secrets are shown once, to a signed-in person, and no API call can read them back.",
    // Last: its headings (Getting started, Authentication) take everything after them.
    openApiIntro,
  ].join("\n\n"),
};

import { type ErrorCode, errorTable } from "@keyway/schema";
import type { AnyTRPCRouter } from "@trpc/server";
import { clientFailure } from "../http/failure";
import {
  type NativeOperation,
  nativeOperationsOf,
  type OpenApiDocument,
  type ResponseObject,
} from "./openapi-operations";

/**
 * The REST error body, documented as the server sends it (http/error-envelopes.ts for failures
 * before a procedure, trpc-to-openapi's adapter with ../trpc/init.ts's errorFormatter after):
 *   { message, code: "FORBIDDEN"…, data: { code: "license_expired"…, httpStatus, details? }, issues? }
 * One schema per status, `ErrorNNN`, whose `data.code` lists the domain codes of errorTable
 * answered with that status. Written once, here; every native operation refers to them.
 */

/** Statuses the transport answers with (no domain code of their own: `invalid_input`). */
const transportStatuses = { 413: "PAYLOAD_TOO_LARGE", 415: "UNSUPPORTED_MEDIA_TYPE" } as const;

/** What every operation may answer, whatever its procedure declares. */
const commonDescriptions = {
  400: "Malformed request or input (`issues` names the refused fields)",
  401: "Missing or invalid API credentials",
  404: "Not found",
  413: "Request body is too large (64 KiB at most)",
  415: "Unsupported content type: send `Content-Type: application/json`, even with no body",
  500: "Internal server error",
} as const;

/** Each status's example: a message the server really sends, with its domain code. */
const examples: Record<number, [message: string, code: ErrorCode]> = {
  400: ["Input validation failed", "invalid_input"],
  401: ["Invalid or missing API credentials.", "unauthorized"],
  403: ["The license has expired.", "license_expired"],
  404: ["Not found.", "not_found"],
  409: ["Every seat of this license is in use.", "seat_limit_reached"],
  413: ["Request body is too large.", "invalid_input"],
  415: ["Unsupported content type.", "invalid_input"],
  429: ["Too many requests.", "rate_limited"],
  500: ["Internal server error.", "internal"],
  502: ["The payment gateway could not open the payment.", "gateway_error"],
};

interface ErrorKind {
  trpcCodes: string[];
  domainCodes: ErrorCode[];
}

/** Each documented status: the tRPC code strings and the domain codes its bodies carry. */
function errorKinds(): Map<number, ErrorKind> {
  const kinds = new Map<number, ErrorKind>();
  const kindOf = (status: number) => {
    const kind = kinds.get(status) ?? { trpcCodes: [], domainCodes: [] };
    kinds.set(status, kind);
    return kind;
  };
  const add = (list: string[], value: string) => list.includes(value) || list.push(value);
  for (const [code, entry] of Object.entries(errorTable) as [ErrorCode, (typeof errorTable)[ErrorCode]][]) {
    const kind = kindOf(entry.status);
    add(kind.trpcCodes, entry.trpc);
    add(kind.domainCodes, code);
  }
  for (const [status, trpc] of Object.entries(transportStatuses)) {
    const kind = kindOf(Number(status));
    add(kind.trpcCodes, trpc);
    add(kind.domainCodes, clientFailure(Number(status)).code);
  }
  return kinds;
}

const oneOf = (values: string[]) => (values.length === 1 ? { const: values[0] } : { enum: values });

function errorSchema(status: number, kind: ErrorKind) {
  const details =
    status === 429
      ? {
          type: "object",
          properties: { retryAfter: { type: "integer", description: "Seconds to wait (as Retry-After)." } },
        }
      : { type: "object", description: "Facts about the error, by code: e.g. when a license expired." };
  return {
    type: "object",
    description: `The body of a ${status}: branch on \`data.code\`, show \`message\` to people.`,
    properties: {
      message: { type: "string", description: "For people; a 500 says no more than that it failed." },
      code: { type: "string", ...oneOf(kind.trpcCodes), description: "The tRPC code of the status." },
      data: {
        type: "object",
        properties: {
          code: { type: "string", ...oneOf(kind.domainCodes), description: "The domain code." },
          httpStatus: { type: "integer", const: status },
          details,
        },
        required: ["code", "httpStatus"],
      },
      ...(status === 400
        ? {
            issues: {
              type: "array",
              description: "The input fields refused, when the input failed its schema.",
              items: {
                type: "object",
                properties: {
                  code: { type: "string" },
                  path: { type: "array", items: { type: ["string", "integer"] } },
                  message: { type: "string" },
                },
                required: ["message"],
              },
            },
          }
        : {}),
    },
    required: ["message", "code", "data"],
    example: {
      message: examples[status]?.[0] ?? clientFailure(status).message,
      code: kind.trpcCodes[0],
      data: { code: examples[status]?.[1] ?? kind.domainCodes[0], httpStatus: status },
    },
  };
}

const errorSchemaName = (status: number | string) => `Error${status}`;

/** The statuses of an operation's error answers: those its procedure declares, and the common ones. */
function errorStatusesOf(operation: NativeOperation): number[] {
  const statuses = new Set<number>([400, 500]);
  for (const status of Object.keys(operation.object.responses ?? {})) {
    if (Number(status) >= 400) statuses.add(Number(status));
  }
  if (operation.protect) statuses.add(401);
  // A route that names a resource in its path answers 404 when there is none (of this vendor's).
  if (operation.path.includes("{")) statuses.add(404);
  // The adapter reads a JSON body on every POST, PUT and PATCH, even one whose input is its path.
  if (["post", "put", "patch"].includes(operation.method)) {
    statuses.add(413);
    statuses.add(415);
  }
  return [...statuses].sort((a, b) => a - b);
}

/**
 * Every native operation's error responses refer to the one schema of their status (its own
 * description kept); trpc-to-openapi's `error.*` schemas, which lacked `data`, go.
 */
export function withErrorBodies<T>(document: T, router: AnyTRPCRouter): T {
  const doc = document as OpenApiDocument;
  const kinds = errorKinds();
  doc.components ??= {};
  const schemas = doc.components.schemas ?? {};
  for (const operation of nativeOperationsOf(doc, router)) {
    operation.object.responses ??= {};
    const responses = operation.object.responses;
    for (const status of errorStatusesOf(operation)) {
      if (!kinds.has(status)) {
        throw new Error(`${operation.method} ${operation.path}: no error schema for status ${status}`);
      }
      const declared = responses[String(status)] as ResponseObject | undefined;
      const description =
        declared?.description ?? commonDescriptions[status as keyof typeof commonDescriptions];
      responses[String(status)] = {
        description: description ?? `Error ${status}`,
        content: {
          "application/json": { schema: { $ref: `#/components/schemas/${errorSchemaName(status)}` } },
        },
      };
    }
    // In status order, as a reader scans them.
    operation.object.responses = Object.fromEntries(
      Object.entries(responses).sort(([a], [b]) => Number(a) - Number(b)),
    );
  }
  const text = JSON.stringify(doc.paths ?? {});
  for (const name of Object.keys(schemas)) {
    if (name.startsWith("error.") && !text.includes(`"#/components/schemas/${name}"`)) delete schemas[name];
  }
  for (const [status, kind] of [...kinds].sort(([a], [b]) => a - b)) {
    schemas[errorSchemaName(status)] = errorSchema(status, kind);
  }
  doc.components.schemas = schemas;
  return document;
}

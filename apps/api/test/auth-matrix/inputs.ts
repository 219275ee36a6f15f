/**
 * A minimal valid input for a route or procedure, built from its JSON Schema (a zod input through
 * `z.toJSONSchema`, or an operation of /openapi.json), with another vendor's ids plugged into
 * every field that names a row. A field that looks like an id but is not in `idFields` stops the
 * matrix with a message, so a new kind of id is never silently sent as a made-up string.
 */

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  minItems?: number;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  $ref?: string;
  const?: unknown;
  enum?: unknown[];
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  exclusiveMinimum?: number;
  maximum?: number;
}

/** The kinds of row an input can name, and the other vendor's value for each. */
export type IdKind =
  | "license"
  | "licenseKey"
  | "product"
  | "package"
  | "addonNumber"
  | "plan"
  | "planNumber"
  | "credential"
  | "endpoint"
  | "delivery"
  | "order"
  | "customer"
  | "subscription"
  | "user"
  | "activation"
  | "entitlement"
  | "signingKey";
export type ForeignIds = Record<IdKind, string | number>;

/** Input field → the row it names. A numeric `planId` (Biznoq) is the plan's number. */
const idFields: Record<string, IdKind> = {
  licenseId: "license",
  key: "licenseKey",
  licenseKey: "licenseKey",
  licenseCode: "licenseKey",
  productId: "product",
  parentProductId: "product",
  packageId: "package",
  subscriptionTypeId: "plan",
  planId: "plan",
  productNumber: "addonNumber",
  addonId: "addonNumber",
  planNumber: "planNumber",
  credentialId: "credential",
  endpointId: "endpoint",
  deliveryId: "delivery",
  orderId: "order",
  customerId: "customer",
  subscriptionId: "subscription",
  userId: "user",
  activationId: "activation",
  entitlementId: "entitlement",
  kid: "signingKey",
};

/** What a bare `id` names, by the router (tRPC) or the first path segment (REST). */
const idOfResource: Record<string, IdKind> = {
  webhookEndpoint: "endpoint",
  "webhook-endpoints": "endpoint",
  webhookDelivery: "delivery",
  "webhook-deliveries": "delivery",
};

/** Values a plain string cannot stand in for (the first check of the surface would refuse it). */
const fieldValues: Record<string, unknown> = {
  serialNo: "B-12345678",
  buyerPhone: "9876501234",
  email: "matrix-user@example.net",
  customerEmail: "matrix-customer@example.net",
  password: "matrix-password-1",
  url: "https://hooks.example.net/matrix",
};

/**
 * Fields whose value a call uses up: a console user's email is unique across Keyway, and a route
 * that B may call with several credentials (an API key, an owner's session) adds one each time.
 */
const USED_UP_FIELDS = new Set(["email"]);
let sends = 0;

/** The sample as one call sends it: every used-up field made unique to this call. */
export function freshUniques(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(freshUniques);
  if (!value || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value).map(([field, v]) => [
      field,
      USED_UP_FIELDS.has(field) && typeof v === "string"
        ? v.replace("@", `+${++sends}@`)
        : // An entitlement's code is unique per vendor.
          field === "code" && typeof v === "string" && /^[A-Z][A-Z0-9_]*$/.test(v)
          ? `${v}_${++sends}`
          : freshUniques(v),
    ]),
  );
}

const PATTERN_CANDIDATES = ["matrix", "a", "USD", "000000", "9000000001", "ABCD"];

export interface Sample {
  value: unknown;
  /** Fields that name the other vendor's rows and must be sent (the answer is then a 404). */
  requiredIds: string[];
  /** Optional fields that name them: a list filter (it answers, showing none) or a reference (404). */
  optionalIds: string[];
}

/** `resource` says what a bare `id` names; `root` resolves `$ref`s (a zod schema or /openapi.json). */
export function sampleInput(
  schema: JsonSchema | undefined,
  ids: ForeignIds,
  where: { resource: string; root?: unknown },
): Sample {
  const sample: Sample = { value: undefined, requiredIds: [], optionalIds: [] };
  if (!schema || (!schema.type && !schema.properties && !schema.anyOf && !schema.oneOf && !schema.$ref)) {
    return sample;
  }
  const root = where.root ?? schema;
  const resolve = (s: JsonSchema): JsonSchema => {
    if (!s.$ref) return s;
    let node: unknown = root;
    for (const part of s.$ref.replace(/^#\//, "").split("/")) node = (node as Record<string, unknown>)[part];
    return resolve(node as JsonSchema);
  };
  const idOf = (field: string, s: JsonSchema): string | number | undefined => {
    // `key` is a license key in the license routes; elsewhere (a gateway's key) it names no row.
    if (field === "key" && !where.resource.startsWith("license")) return undefined;
    const kind = field === "id" ? idOfResource[where.resource] : idFields[field];
    if (field === "id" && !kind)
      throw new Error(`what does \`id\` name in ${where.resource}? add it to idOfResource`);
    if (!kind && /(Id|Number)$/.test(field)) throw new Error(`${where.resource}: unknown id field ${field}`);
    if (!kind) return undefined;
    const integer = typesOf(s).includes("integer") || typesOf(s).includes("number");
    if (kind === "plan" && integer) return ids.planNumber;
    return ids[kind];
  };
  const walk = (raw: JsonSchema, field: string, path: string, required: boolean): unknown => {
    const s = resolve(raw);
    const options = (s.anyOf ?? s.oneOf)?.map(resolve);
    const id = field ? idOf(field, options?.find((o) => !typesOf(o).includes("null")) ?? s) : undefined;
    if (id !== undefined) {
      (required ? sample.requiredIds : sample.optionalIds).push(path);
      return id;
    }
    if (field in fieldValues) return fieldValues[field];
    if (options) return walk(options.find((o) => !typesOf(o).includes("null")) ?? s, field, path, required);
    if (s.allOf?.[0]) return walk(s.allOf[0], field, path, required);
    if (s.const !== undefined) return s.const;
    if (s.enum) return s.enum[0];
    const type = typesOf(s)[0];
    if (type === "object" || s.properties) {
      const out: Record<string, unknown> = {};
      for (const [name, prop] of Object.entries(s.properties ?? {})) {
        const isRequired = required && (s.required ?? []).includes(name);
        const namesRow = name === "id" || name in idFields;
        if (!isRequired && !namesRow) continue;
        out[name] = walk(prop, name, path ? `${path}.${name}` : name, isRequired);
      }
      return out;
    }
    if (type === "array") return s.minItems && s.items ? [walk(s.items, "", `${path}[0]`, required)] : [];
    if (type === "integer" || type === "number") return numberOf(s);
    if (type === "boolean") return false;
    if (type === "string") return stringOf(s);
    return undefined;
  };
  sample.value = walk(schema, "", "", true);
  return sample;
}

function typesOf(s: JsonSchema): string[] {
  return s.type === undefined ? [] : Array.isArray(s.type) ? s.type : [s.type];
}

function numberOf(s: JsonSchema): number {
  const low = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : 1);
  return s.maximum !== undefined ? Math.min(low, s.maximum) : low;
}

function stringOf(s: JsonSchema): string {
  if (s.format === "email") return "matrix@example.net";
  if (s.format === "uri") return "https://example.net/matrix";
  if (s.format === "date-time") return "2030-01-01T00:00:00.000Z";
  if (s.format === "date") return "2030-01-01";
  if (s.pattern) {
    const pattern = new RegExp(s.pattern);
    const fit = PATTERN_CANDIDATES.find((c) => pattern.test(c));
    if (fit) return fit;
    throw new Error(`no sample string matches /${s.pattern}/: add one to PATTERN_CANDIDATES`);
  }
  const text = "matrix".padEnd(s.minLength ?? 0, "x");
  return s.maxLength !== undefined ? text.slice(0, s.maxLength) : text;
}

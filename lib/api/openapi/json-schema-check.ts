// A checker for the JSON Schema subset this document is written in (what z.toJSONSchema emits and
// the hand-written pieces use), so tests can hold real answers against the documented schemas.
// A keyword it does not know is reported as a problem, never skipped: a schema it cannot check
// fails the test rather than passing it.
import type { Json } from "./helpers";

const ANNOTATIONS = new Set([
  "description",
  "default",
  "title",
  "format",
  "contentMediaType",
]);
const KNOWN = new Set([
  ...ANNOTATIONS,
  "$ref",
  "type",
  "properties",
  "required",
  "additionalProperties",
  "propertyNames",
  "items",
  "enum",
  "const",
  "anyOf",
  "oneOf",
  "allOf",
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "minLength",
  "maxLength",
  "minItems",
  "maxItems",
  "pattern",
]);

/** The problems of `value` against `schema` (empty when it conforms), each with its JSON path. */
export function checkSchema(
  components: Record<string, Json>,
  schema: Json,
  value: unknown,
  at = "$",
): string[] {
  const out: string[] = [];
  const fail = (why: string) => out.push(`${at}: ${why}`);
  for (const k of Object.keys(schema))
    if (!KNOWN.has(k)) fail(`unsupported keyword ${k}`);
  const sub = (s: unknown, v: unknown, path: string) =>
    checkSchema(components, s as Json, v, path);

  if (typeof schema.$ref === "string") {
    const name = schema.$ref.replace("#/components/schemas/", "");
    const target = components[name];
    if (!target) return [...out, `${at}: unresolved ${schema.$ref}`];
    out.push(...sub(target, value, at));
  }
  if (schema.type !== undefined) {
    const types = ([] as unknown[]).concat(schema.type);
    if (!types.some((t) => hasType(t, value)))
      fail(`expected ${types.join(" | ")}, got ${JSON.stringify(value)}`);
  }
  if (schema.const !== undefined && value !== schema.const)
    fail(`expected ${JSON.stringify(schema.const)}`);
  if (Array.isArray(schema.enum) && !schema.enum.includes(value))
    fail(`${JSON.stringify(value)} is not one of ${schema.enum.join(", ")}`);
  if (typeof value === "number") {
    if (typeof schema.minimum === "number" && value < schema.minimum)
      fail(`below ${schema.minimum}`);
    if (typeof schema.maximum === "number" && value > schema.maximum)
      fail(`above ${schema.maximum}`);
  }
  if (typeof value === "string") {
    if (typeof schema.minLength === "number" && value.length < schema.minLength)
      fail("too short");
    if (typeof schema.maxLength === "number" && value.length > schema.maxLength)
      fail("too long");
    if (
      typeof schema.pattern === "string" &&
      !new RegExp(schema.pattern, "u").test(value)
    )
      fail(`does not match ${schema.pattern}`);
  }
  if (Array.isArray(value) && schema.items)
    value.forEach((v, i) => out.push(...sub(schema.items, v, `${at}[${i}]`)));
  if (isObject(value)) out.push(...checkObject(components, schema, value, at));

  for (const key of ["anyOf", "oneOf"] as const) {
    const options = schema[key];
    if (!Array.isArray(options)) continue;
    const passing = options.filter(
      (s) => sub(s, value, at).length === 0,
    ).length;
    if (passing === 0 || (key === "oneOf" && passing > 1))
      fail(`${key}: ${passing} of ${options.length} alternatives match`);
  }
  if (Array.isArray(schema.allOf))
    for (const s of schema.allOf) out.push(...sub(s, value, at));
  return out;
}

function checkObject(
  components: Record<string, Json>,
  schema: Json,
  value: Record<string, unknown>,
  at: string,
): string[] {
  const out: string[] = [];
  const props = (schema.properties ?? {}) as Record<string, Json>;
  for (const r of (schema.required ?? []) as string[])
    if (!(r in value)) out.push(`${at}: missing ${r}`);
  for (const [k, v] of Object.entries(value)) {
    const path = `${at}.${k}`;
    if (props[k]) out.push(...checkSchema(components, props[k], v, path));
    else if (schema.additionalProperties === false)
      out.push(`${path}: not in the schema`);
    else if (isObject(schema.additionalProperties))
      out.push(
        ...checkSchema(components, schema.additionalProperties, v, path),
      );
    if (isObject(schema.propertyNames))
      out.push(...checkSchema(components, schema.propertyNames, k, path));
  }
  return out;
}

function hasType(type: unknown, v: unknown): boolean {
  switch (type) {
    case "null":
      return v === null;
    case "integer":
      return Number.isInteger(v);
    case "number":
      return typeof v === "number";
    case "array":
      return Array.isArray(v);
    case "object":
      return isObject(v);
    default:
      return typeof v === type;
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

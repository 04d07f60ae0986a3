// The pieces every path declaration of the OpenAPI document is built from: JSON Schema from the
// services' zod schemas, references, request bodies, answers and path parameters.
import { z } from "zod";

export type Json = Record<string, unknown>;

/** A zod schema as JSON Schema 2020-12 (OpenAPI 3.1's dialect), `input` for what a client sends. */
export function schema(s: z.ZodType, io: "input" | "output" = "output"): Json {
  const { $schema: _drop, ...rest } = z.toJSONSchema(s, {
    io,
    unrepresentable: "any",
  }) as Json;
  return rest;
}

export const ref = (name: string): Json => ({
  $ref: `#/components/schemas/${name}`,
});

export const json = (s: Json) => ({
  content: { "application/json": { schema: s } },
});

const ERROR_TEXT: Record<number, string> = {
  400: "Invalid input (the error names the field)",
  401: "Not authenticated",
  403: "Not allowed for your role",
  404: "Not found",
  409: "Conflict",
  410: "Retired",
  413: "Too large",
  507: "The server's disk is full",
};

/** One operation: its summary, request body, success answer and the error statuses it can give. */
export type OpSpec = {
  summary: string;
  description?: string;
  parameters?: Json[];
  /** A JSON request body's schema. */
  body?: Json;
  /** Any other request body, as OpenAPI writes it. */
  requestBody?: Json;
  /** The success answer: a JSON schema, or (for files and text) the whole response object. */
  ok: [description: string, schema: Json, status?: number] | { raw: Json };
  errors?: number[];
  /** An empty list for the operations anyone may call. */
  security?: [];
};

export function op(spec: OpSpec): Json {
  const { ok, errors = [], body, ...rest } = spec;
  const success =
    "raw" in ok
      ? ok.raw
      : { [String(ok[2] ?? 200)]: { description: ok[0], ...json(ok[1]) } };
  return {
    ...rest,
    ...(body ? { requestBody: json(body) } : {}),
    responses: {
      ...success,
      ...Object.fromEntries(
        errors.map((c) => [
          String(c),
          { description: ERROR_TEXT[c] ?? "Error", ...json(ref("Error")) },
        ]),
      ),
    },
  };
}

/** A required path parameter. */
export const pathParam = (
  name: string,
  type: "string" | "integer" = "string",
  description?: string,
): Json => ({
  name,
  in: "path",
  required: true,
  ...(description ? { description } : {}),
  schema: { type },
});

/** An optional query parameter. */
export const queryParam = (
  name: string,
  s: Json,
  description?: string,
): Json => ({
  name,
  in: "query",
  ...(description ? { description } : {}),
  schema: s,
});

/** The query parameters of a service's zod filter schema, one per field. */
export function queryParams(s: z.ZodObject): Json[] {
  const props = (schema(s, "input").properties ?? {}) as Record<string, Json>;
  return Object.entries(props).map(([n, p]) => ({
    name: n,
    in: "query",
    required: false,
    schema: p,
  }));
}

export const idParam = pathParam("id", "integer");
export const nameParam = pathParam(
  "name",
  "string",
  "Model name; encode '/' as %2F",
);
export const versionParam = pathParam(
  "version",
  "string",
  "Version number, `latest`, a stage or an alias (GET)",
);
export const keyParam = pathParam("key");
export const rangeParam = queryParam("range", {
  type: "string",
  enum: ["1h", "24h", "7d", "30d"],
});

export const object = (
  properties: Record<string, Json>,
  required?: string[],
): Json => ({
  type: "object",
  properties,
  ...(required ? { required } : {}),
});

/** A list answer: `{[key]: [item, ...]}`. */
export const listOf = (key: string, item: Json): Json =>
  object({ [key]: { type: "array", items: item } });

export const ANY_OBJECT: Json = { type: "object" };

/** Answer fields: an integer, and a time as every DTO gives it. */
export const int = z.number().int();
export const when = int.describe("Unix time in milliseconds");

/** Whether A and B describe the same values (each assignable to the other). */
type Agrees<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

/**
 * A response schema checked at compile time against the DTO type the route answers with: when the
 * service's type and the documented schema drift apart, `documents<Dto>()(schema)` stops compiling.
 */
export const documents =
  <T>() =>
  <S extends z.ZodType>(
    s: S,
    ..._agrees: Agrees<z.output<S>, T> extends true ? [] : [never]
  ): S =>
    s;

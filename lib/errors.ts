// One typed domain error for every layer: services throw it, adapters map it (HTTP, MLflow, forms).
import type { ZodError, z } from "zod";

export const ERROR_CODES = [
  "invalid",
  "unauthenticated",
  "forbidden",
  "not_found",
  "conflict",
  "gone",
  "too_large",
  "unprocessable",
  "rate_limited",
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export type FieldErrors = Record<string, string[]>;

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: { fields?: FieldErrors } & Record<string, unknown>,
  ) {
    super(message);
    this.name = "DomainError";
  }
}

export const HTTP_STATUS: Record<ErrorCode, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  gone: 410,
  too_large: 413,
  unprocessable: 422,
  rate_limited: 429,
};

/** Turns a zod failure into a DomainError whose message and details name every bad field. */
export function fromZod(error: ZodError, field = "body"): DomainError {
  const fields: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.join(".") : field;
    (fields[key] ??= []).push(issue.message);
  }
  const summary = Object.entries(fields)
    .map(([k, msgs]) => `${k}: ${msgs.join("; ")}`)
    .join(", ");
  return new DomainError("invalid", `Invalid input - ${summary}`, { fields });
}

/** Parses with a zod schema, throwing a field-naming DomainError on failure; `field` names a bare value. */
export function parseInput<T>(schema: z.ZodType<T, unknown>, input: unknown, field?: string): T {
  const result = schema.safeParse(input);
  if (!result.success) throw fromZod(result.error, field);
  return result.data;
}

/** What a service accepts: its typed input, or untrusted data from a form or JSON body that it will parse. */
export type Input<T> = T | Record<string, unknown>;

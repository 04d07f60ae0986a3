// One typed domain error for every layer: services throw it, adapters map it (HTTP, MLflow, forms).
import { ZodError, type z } from "zod";

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
  "insufficient_storage",
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
  insufficient_storage: 507,
};

// When this process last had a write refused for lack of space (for /api/health), on globalThis
// so every route bundle of the process shares it.
const diskState = globalThis as unknown as { __stagelineDiskFullAt?: number };

/**
 * A write the disk refused, from the file system (ENOSPC, EDQUOT) or SQLite (SQLITE_FULL), as the
 * 507 it is with a message that says so, instead of a generic 500; null for any other error.
 * Each adapter (REST, MLflow, server actions) maps errors through here, so it also notes the time
 * for the health check.
 */
export function storageError(error: unknown): DomainError | null {
  if (error instanceof DomainError)
    return error.code === "insufficient_storage" ? error : null;
  const code =
    typeof error === "object" && error !== null
      ? (error as { code?: unknown }).code
      : undefined;
  const what =
    code === "SQLITE_FULL"
      ? "the change could not be saved to the database"
      : code === "ENOSPC" || code === "EDQUOT"
        ? "the file could not be written"
        : null;
  if (!what) return null;
  diskState.__stagelineDiskFullAt = Date.now();
  return new DomainError(
    "insufficient_storage",
    `The server's disk is full: ${what}. Nothing was changed; free space in the data folder and try again.`,
  );
}

/** When a write last failed for lack of space in this process (ms), or null. */
export function lastDiskFullAt(): number | null {
  return diskState.__stagelineDiskFullAt ?? null;
}

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

/** Any thrown value as the domain error an adapter answers with (a zod failure naming its fields,
 *  a DomainError as it is, a full disk as 507), or null for an unexpected error (a 500). */
export function asDomainError(error: unknown): DomainError | null {
  if (error instanceof ZodError) return fromZod(error);
  if (error instanceof DomainError) return error;
  return storageError(error);
}

/** Parses with a zod schema, throwing a field-naming DomainError on failure; `field` names a bare value. */
export function parseInput<T>(
  schema: z.ZodType<T, unknown>,
  input: unknown,
  field?: string,
): T {
  const result = schema.safeParse(input);
  if (!result.success) throw fromZod(result.error, field);
  return result.data;
}

/** What a service accepts: its typed input, or untrusted data from a form or JSON body that it will parse. */
export type Input<T> = T | Record<string, unknown>;

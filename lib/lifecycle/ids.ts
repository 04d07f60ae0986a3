import { DomainError } from "@/lib/errors";

/** A positive integer id from a URL segment, or a 400 naming it. */
export function parseRequestId(id: string, what = "Request"): number {
  if (!/^\d{1,12}$/.test(id) || Number(id) < 1)
    throw new DomainError(
      "invalid",
      `${what} id must be a positive whole number, got '${id}'`,
      { fields: { id: [`Not a ${what.toLowerCase()} id`] } },
    );
  return Number(id);
}

// A page for a model, version or deployment that its URL names but that does not exist answers
// the 404 page, not the error page the service's refusal would otherwise make.
import "server-only";
import { notFound } from "next/navigation";
import { DomainError, type ErrorCode } from "@/lib/errors";

/** Runs a page's loads; a DomainError with one of `missing` (not_found unless told) shows the 404
 *  page instead, and any other error is thrown on. */
export function orNotFound<T>(
  load: () => T,
  missing: readonly ErrorCode[] = ["not_found"],
): T {
  try {
    return load();
  } catch (error) {
    if (error instanceof DomainError && missing.includes(error.code))
      notFound();
    throw error;
  }
}

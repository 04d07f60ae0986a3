// Percent-escapes in request paths. A malformed one (`%E0%A4%A`, or `%C0%AF`, an overlong UTF-8 '/')
// makes decodeURIComponent throw, and Next's router (and pages decoding their parameters) answered
// that with a 500; the server refuses such a path first, with a 400 that says what is wrong
// (lib/http/early-refusals.ts), and the direct endpoints decode their parameters through decodePathSegment.
import { DomainError } from "@/lib/errors";

/** The first malformed percent-escape in the path part of a request URL, or null when it decodes. */
export function malformedEscape(url: string): string | null {
  const end = url.search(/[?#]/);
  const path = end === -1 ? url : url.slice(0, end);
  if (!path.includes("%")) return null;
  for (const segment of path.split("/")) {
    try {
      decodeURIComponent(segment);
    } catch {
      return segment;
    }
  }
  return null;
}

export function malformedPathError(segment: string): DomainError {
  const shown = segment.length > 60 ? `${segment.slice(0, 60)}…` : segment;
  return new DomainError(
    "invalid",
    `The URL path has a malformed percent-escape in '${shown}': each %XX must encode valid UTF-8`,
    {
      fields: { path: ["Malformed percent-escape"] },
    },
  );
}

/** decodeURIComponent for one path parameter, refusing a malformed escape with a 400 naming the path. */
export function decodePathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw malformedPathError(segment);
  }
}

// The id that ties together the audit events of one HTTP request. A client may choose it (to find
// its own calls in the trail), but what is stored must stay an id: 1-128 characters of letters,
// digits and `._:-`. Anything else (markup, CSV formulas, newlines, megabytes) is replaced by an id
// of the server's own; the client's value is not kept.
import { randomUUID } from "node:crypto";

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function requestIdFrom(headers: Headers): string {
  return requestIdOf(headers.get("x-request-id"));
}

/** The same from the header's value itself (Node's request headers on the machine endpoints; a list is no id). */
export function requestIdOf(
  given: string | string[] | null | undefined,
): string {
  return typeof given === "string" && REQUEST_ID.test(given)
    ? given
    : randomUUID();
}

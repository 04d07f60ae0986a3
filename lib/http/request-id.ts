// The id that ties together the audit events of one HTTP request. A client may choose it (to find
// its own calls in the trail), but what is stored must stay an id: 1-128 characters of letters,
// digits and `._:-`. Anything else (markup, CSV formulas, newlines, megabytes) is replaced by an id
// of the server's own; the client's value is not kept.
import { randomUUID } from "node:crypto";

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function requestIdFrom(headers: Headers): string {
  const given = headers.get("x-request-id");
  return given !== null && REQUEST_ID.test(given) ? given : randomUUID();
}

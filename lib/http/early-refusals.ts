// What the server refuses before Next's router sees a request, because Next would answer it badly:
// a malformed percent-escape in an API path (Next answers 500), and an oversized body to the
// unauthenticated sign-in routes. The sign-in form is a server action, whose body Next reads up to
// its global limit (1 MB, and then a 500) for anyone, signed in or not; here it is cut off at a few
// KB. Kept apart from lib/http/server-hooks.ts so that any server entry can call it.
import type http from "node:http";
import { errorPayload } from "./route";
import { bodyTooLarge, readNodeLimited, refuseDeclaredSize, UNAUTHENTICATED_MAX_BYTES } from "./body";
import { API_HEADERS, COMMON_HEADERS, NO_STORE } from "./security-headers";
import { malformedEscape, malformedPathError } from "./url-path";

const API_PATH = /^\/(api|ajax-api)\//;
/** better-auth's endpoints: their route handler reads the body under the same limit as it streams
 *  (app/api/auth/[...all]/route.ts); a declared oversize is refused here already. */
const AUTH_API = /^\/api\/auth(?:[/?]|$)/;
/** The sign-in page, where the form's server action posts. */
const SIGN_IN_PAGE = /^\/sign-in\/?(?:\?|$)/;
/** How long an oversized upload may keep its connection after the 413, so the client reads the answer
 *  instead of a reset; nothing more of the body is read meanwhile. */
const LINGER_MS = 2_000;

/** Answers the request itself when it must be refused early (returns true), else leaves it (false). */
export function refuseEarly(req: http.IncomingMessage, res: http.ServerResponse): boolean {
  const url = req.url ?? "/";
  if (API_PATH.test(url)) {
    const bad = malformedEscape(url);
    if (bad !== null) {
      answer(req, res, errorPayload(malformedPathError(bad)));
      return true;
    }
  }
  if (req.method !== "POST") return false;
  const signInPage = SIGN_IN_PAGE.test(url);
  if (!signInPage && !AUTH_API.test(url)) return false;
  try {
    refuseDeclaredSize(req.headers["content-length"], UNAUTHENTICATED_MAX_BYTES);
  } catch (error) {
    answer(req, res, errorPayload(error));
    return true;
  }
  // A body without a Content-Length (chunked) to the page: read here, up to the limit. Within it,
  // the bytes are spent, so the client is asked to send the length it knows (forms always do).
  if (signInPage && req.headers["content-length"] === undefined && req.headers["transfer-encoding"] !== undefined) {
    readNodeLimited(req, UNAUTHENTICATED_MAX_BYTES).then(
      () =>
        answer(req, res, {
          status: 411,
          body: {
            error: {
              code: "invalid",
              message: "Send the sign-in form with a Content-Length header",
              details: { fields: { body: ["Length required"] } },
            },
          },
          headers: {},
        }),
      () => answer(req, res, errorPayload(bodyTooLarge(UNAUTHENTICATED_MAX_BYTES))),
    );
    return true;
  }
  return false;
}

function answer(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  out: { status: number; body: unknown; headers: Record<string, string> },
): void {
  const json = JSON.stringify(out.body);
  res.writeHead(out.status, {
    ...COMMON_HEADERS,
    ...API_HEADERS,
    ...out.headers,
    "Content-Type": "application/json",
    "Content-Length": Buffer.byteLength(json),
    "Cache-Control": NO_STORE,
  });
  res.end(json);
  if (!req.complete) {
    // The rest of the body is never read: the client gets the answer, then the connection closes.
    req.pause();
    const timer = setTimeout(() => req.socket.destroy(), LINGER_MS);
    timer.unref();
    req.socket.once("close", () => clearTimeout(timer));
  }
}

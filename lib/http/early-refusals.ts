// What the server refuses before Next's router sees a request, because Next would answer it badly:
// a malformed percent-escape in a path (Next and the pages answered 500), and an oversized body to the
// unauthenticated sign-in routes. The sign-in form is a server action, whose body Next reads up to
// its global limit (1 MB, and then a 500) for anyone, signed in or not; here it is cut off at a few
// KB. Called by the request listener (lib/http/listener.ts).
import type http from "node:http";
import { errorPayload } from "./route";
import {
  bodyTooLarge,
  closeUnreadBody,
  readNodeLimited,
  refuseDeclaredSize,
  UNAUTHENTICATED_MAX_BYTES,
} from "./body";
import { answerJson } from "./node-answer";
import { API_HEADERS, COMMON_HEADERS, NO_STORE } from "./security-headers";
import { malformedEscape, malformedPathError } from "./url-path";

const API_PATH = /^\/(api|ajax-api)\//;
/** better-auth's endpoints: their route handler reads the body under the same limit as it streams
 *  (app/api/auth/[...all]/route.ts); a declared oversize is refused here already. */
const AUTH_API = /^\/api\/auth(?:[/?]|$)/;
/** The sign-in page, where the form's server action posts. */
const SIGN_IN_PAGE = /^\/sign-in\/?(?:\?|$)/;

/** Answers the request itself when it must be refused early (returns true), else leaves it (false). */
export function refuseEarly(
  req: http.IncomingMessage,
  res: http.ServerResponse,
): boolean {
  const url = req.url ?? "/";
  const bad = malformedEscape(url);
  if (bad !== null) {
    const error = malformedPathError(bad);
    if (API_PATH.test(url)) answerJson(req, res, errorPayload(error));
    else {
      // A page: a plain answer a person can read (pages decode their parameters too, and failed with a 500).
      res.writeHead(400, {
        ...COMMON_HEADERS,
        ...API_HEADERS,
        "Content-Type": "text/plain; charset=utf-8",
        "Cache-Control": NO_STORE,
      });
      res.end(`Bad request: ${error.message}\n`);
      closeUnreadBody(req);
    }
    return true;
  }
  if (req.method !== "POST") return false;
  const signInPage = SIGN_IN_PAGE.test(url);
  if (!signInPage && !AUTH_API.test(url)) return false;
  try {
    refuseDeclaredSize(
      req.headers["content-length"],
      UNAUTHENTICATED_MAX_BYTES,
    );
  } catch (error) {
    answerJson(req, res, errorPayload(error));
    return true;
  }
  // A body without a Content-Length (chunked) to the page: read here, up to the limit. Within it,
  // the bytes are spent, so the client is asked to send the length it knows (forms always do).
  if (
    signInPage &&
    req.headers["content-length"] === undefined &&
    req.headers["transfer-encoding"] !== undefined
  ) {
    readNodeLimited(req, UNAUTHENTICATED_MAX_BYTES).then(
      () =>
        answerJson(req, res, {
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
      () =>
        answerJson(
          req,
          res,
          errorPayload(bodyTooLarge(UNAUTHENTICATED_MAX_BYTES)),
        ),
    );
    return true;
  }
  return false;
}

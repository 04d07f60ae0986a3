import { toNextJsHandler } from "better-auth/next-js";
import { getAuth } from "@/lib/auth/auth";
import { signInEndpoint } from "@/lib/auth/sign-in";
import { bufferedRequest, UNAUTHENTICATED_MAX_BYTES } from "@/lib/http/body";
import { errorResponse } from "@/lib/http/route";

// better-auth's own endpoints (sign-in/out, session, change password) for scripts and tools.
// Sign-up is disabled in lib/auth/auth.ts; accounts come from admins. Sign-in goes through the
// same failed-attempt limit as the sign-in form. Anyone may call these, so a body is read only up
// to a few KB (better-auth itself would read any size).
const handler = async (request: Request) => {
  let limited: Request;
  try {
    limited = await bufferedRequest(request, UNAUTHENTICATED_MAX_BYTES);
  } catch (error) {
    return errorResponse(error);
  }
  return limited.method === "POST" &&
    new URL(limited.url).pathname.endsWith("/sign-in/email")
    ? signInEndpoint(limited)
    : getAuth().handler(limited);
};
export const { GET, POST } = toNextJsHandler(handler);

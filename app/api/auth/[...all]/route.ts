import { toNextJsHandler } from "better-auth/next-js";
import { getAuth } from "@/lib/auth/auth";
import { signInEndpoint } from "@/lib/auth/sign-in";

// better-auth's own endpoints (sign-in/out, session, change password) for scripts and tools.
// Sign-up is disabled in lib/auth/auth.ts; accounts come from admins. Sign-in goes through the
// same failed-attempt limit as the sign-in form.
const handler = (request: Request) => (request.method === "POST" && new URL(request.url).pathname.endsWith("/sign-in/email") ? signInEndpoint(request) : getAuth().handler(request));
export const { GET, POST } = toNextJsHandler(handler);

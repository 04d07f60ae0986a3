import { toNextJsHandler } from "better-auth/next-js";
import { getAuth } from "@/lib/auth/auth";

// better-auth's own endpoints (sign-in/out, session, change password) for scripts and tools.
// Sign-up is disabled in lib/auth/auth.ts; accounts come from admins.
const handler = (request: Request) => getAuth().handler(request);
export const { GET, POST } = toNextJsHandler(handler);

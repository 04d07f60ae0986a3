// For the OpenAPI tests: what a real sign-in sets, and the schemas the document declares.
import { getAuth } from "@/lib/auth/auth";
import { makeUser } from "@/lib/testing/factories";
import { openApiDocument } from "./document";
import type { Json } from "./helpers";

/** The name of the session cookie a real sign-in sets. */
export async function signInCookieName(): Promise<string | undefined> {
  const u = await makeUser();
  const res = await getAuth().api.signInEmail({
    body: { email: u.email, password: "test-password-1" },
    asResponse: true,
  });
  return res.headers
    .getSetCookie()
    .map((c) => c.split("=")[0])
    .find((n) => n?.endsWith(".session_token"));
}

/** The cookie name the document's `session` security scheme declares. */
export function documentedCookieName(): unknown {
  const components = openApiDocument().components as {
    securitySchemes: Record<string, Json>;
  };
  return components.securitySchemes.session?.name;
}

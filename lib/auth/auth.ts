// better-auth over our Drizzle database: e-mail and password sign-in, sessions in SQLite.
// Sign-up is closed: admins create accounts (lib/users), so nobody can give themselves a role.
import "server-only";
import { betterAuth } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { APIError } from "better-auth/api";
import { nextCookies } from "better-auth/next-js";
import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import * as schema from "@/db/schema";
import { publicUrl } from "@/lib/config";
import { CLIENT_ADDRESS_HEADER, trustProxy } from "@/lib/http/client-address";
import {
  auditAccountUpdated,
  auditSessionCreated,
  auditSessionDeleted,
  auditUserUpdated,
} from "./auth-audit";
import { authSecret } from "./secret";

/** Session lifetime and sliding refresh, in seconds (lib/auth/session.ts reads them too). */
export const SESSION_EXPIRES_IN = 60 * 60 * 24 * 7;
export const SESSION_UPDATE_AGE = 60 * 60 * 24;
const COOKIE_PREFIX = "stageline";
const SESSION_COOKIE = `${COOKIE_PREFIX}.session_token`;

/** Secure cookies whenever the app is reached over https (set STAGELINE_URL to the https address). */
function secureCookies(): boolean {
  return publicUrl().startsWith("https://");
}

/** The session cookie's name as better-auth sets it (with the __Secure- prefix over https). */
export function sessionCookieName(): string {
  return secureCookies() ? `__Secure-${SESSION_COOKIE}` : SESSION_COOKIE;
}

function createAuth() {
  const db = getDb();
  const baseURL = publicUrl();
  return betterAuth({
    baseURL,
    secret: authSecret(),
    database: drizzleAdapter(db, {
      provider: "sqlite",
      schema: {
        user: schema.user,
        session: schema.session,
        account: schema.account,
        verification: schema.verification,
      },
    }),
    emailAndPassword: {
      enabled: true,
      disableSignUp: true,
      minPasswordLength: 8,
      maxPasswordLength: 256,
    },
    user: {
      additionalFields: {
        role: {
          type: "string",
          input: false,
          required: true,
          defaultValue: "data_scientist",
        },
        deactivatedAt: { type: "date", input: false, required: false },
      },
    },
    // The signed cookie cache saves a session lookup per request; role and deactivation are still
    // read fresh from the user row on every request (lib/auth/session.ts), so they apply at once.
    session: {
      expiresIn: SESSION_EXPIRES_IN,
      updateAge: SESSION_UPDATE_AGE,
      cookieCache: { enabled: true, maxAge: 60 },
    },
    advanced: {
      cookiePrefix: COOKIE_PREFIX,
      useSecureCookies: secureCookies(),
      defaultCookieAttributes: { httpOnly: true, sameSite: "lax" },
      // Sessions record the address the server saw, not one a client claims (lib/http/client-address.ts).
      ipAddress: {
        ipAddressHeaders: [
          trustProxy() ? "x-forwarded-for" : CLIENT_ADDRESS_HEADER,
        ],
      },
    },
    databaseHooks: {
      session: {
        create: {
          // The last word on deactivated accounts: no session is ever created for one.
          before: async (session) => {
            const row = db
              .select({ deactivatedAt: schema.user.deactivatedAt })
              .from(schema.user)
              .where(eq(schema.user.id, session.userId))
              .get();
            if (!row || row.deactivatedAt) {
              throw new APIError("FORBIDDEN", {
                message:
                  "This account is deactivated. Ask an admin to reactivate it.",
              });
            }
          },
          after: auditSessionCreated,
        },
        // Sign-outs and revocations (lib/auth/auth-audit.ts decides by the endpoint which is which).
        delete: { after: auditSessionDeleted },
      },
      account: { update: { after: auditAccountUpdated } },
      user: { update: { after: auditUserUpdated } },
    },
    telemetry: { enabled: false },
    plugins: [nextCookies()],
  });
}

type Auth = ReturnType<typeof createAuth>;
const globalForAuth = globalThis as unknown as {
  __stagelineAuth?: { auth: Auth; db: unknown };
};

export function getAuth(): Auth {
  const db = getDb();
  if (globalForAuth.__stagelineAuth?.db !== db)
    globalForAuth.__stagelineAuth = { auth: createAuth(), db };
  return globalForAuth.__stagelineAuth.auth;
}

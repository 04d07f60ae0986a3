// For the specs (and benchmarks) that start a production server of their own on a data folder of
// their own, beside the suite's shared one: its environment, and signing in to it. Plain Node, so
// bench/ imports it too.

/** The environment of the server entry `npm start` runs (scripts/server.mjs) on `port` with its
 *  data in `dataDir`: `workers` processes, no demo, the admin given, loopback webhooks allowed. */
export function ownServerEnv(s: {
  port: number;
  dataDir: string;
  workers: number;
  admin: { email: string; password: string };
}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    STAGELINE_WORKERS: String(s.workers),
    STAGELINE_DATA_DIR: s.dataDir,
    STAGELINE_DEMO: "0",
    STAGELINE_ADMIN_EMAIL: s.admin.email,
    STAGELINE_ADMIN_PASSWORD: s.admin.password,
    PORT: String(s.port),
    HOSTNAME: "127.0.0.1",
    NODE_ENV: "production",
    STAGELINE_WEBHOOK_ALLOW: "127.0.0.1",
  };
}

/** Signs in at `base` like a browser: the answer's status and the Cookie header it would send next
 *  (all session cookies). */
export async function signInCookie(
  base: string,
  email: string,
  password: string,
): Promise<{ ok: boolean; status: number; cookie: string }> {
  const r = await fetch(`${base}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Origin: base },
    body: JSON.stringify({ email, password }),
  });
  const cookie = r.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  return { ok: r.ok, status: r.status, cookie };
}

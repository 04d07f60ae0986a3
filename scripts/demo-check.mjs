// Which demo accounts (lib/demo/accounts.json, passwords published in the README) can still sign in
// with their published password: not deactivated, password unchanged. For the start script, which
// keeps the server on loopback while any can (lib/users/demo.ts is the app's own check, for the banner).
import fs from "node:fs";
import Database from "better-sqlite3";
import { verifyPassword } from "better-auth/crypto";

const accounts = JSON.parse(
  fs.readFileSync(
    new URL("../lib/demo/accounts.json", import.meta.url),
    "utf8",
  ),
);

/** E-mails of the live demo accounts in the database `file`; null when there is no database yet. */
export async function liveDemoAccounts(file) {
  if (!fs.existsSync(file)) return null;
  const db = new Database(file, { readonly: true, fileMustExist: true });
  let rows;
  try {
    db.pragma("busy_timeout = 5000");
    const placeholders = accounts.map(() => "?").join(", ");
    rows = db
      .prepare(
        `select u.email, a.password from user u join account a on a.user_id = u.id and a.provider_id = 'credential' where u.deactivated_at is null and u.email in (${placeholders})`,
      )
      .all(...accounts.map((a) => a.email));
  } catch (error) {
    // No tables yet (a database that was never migrated): nothing has been seeded.
    if (/no such table/.test(String(error?.message))) return [];
    throw error;
  } finally {
    db.close();
  }
  const live = [];
  for (const row of rows) {
    const published = accounts.find((a) => a.email === row.email)?.password;
    if (
      row.password &&
      published &&
      (await verifyPassword({ hash: row.password, password: published }))
    )
      live.push(row.email);
  }
  return live;
}

/**
 * The address to listen on: HOSTNAME, except that while demo accounts can sign in with their
 * published passwords (or a first start is about to create them) a non-loopback HOSTNAME becomes
 * 127.0.0.1, with a message, unless STAGELINE_DEMO was set explicitly.
 */
export async function listenHost(host, env, dbFile, log = console.warn) {
  const loopback = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/i.test(host);
  if (loopback || env.STAGELINE_DEMO) return host;
  const live = await liveDemoAccounts(dbFile);
  if (live !== null && live.length === 0) return host;
  log(
    `Stageline: listening on 127.0.0.1 only, not ${host}: ${live === null ? "a first start creates the demo accounts" : `the demo accounts ${live.join(", ")} are active`}, ` +
      "and their passwords are published. Deactivate them or change their passwords (Settings › Users) and restart; " +
      "or start with STAGELINE_DEMO=0 for a new install without them, or STAGELINE_DEMO=1 to serve the demo on every interface on purpose.",
  );
  return "127.0.0.1";
}

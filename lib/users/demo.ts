// Which demo accounts can still sign in with the password the README publishes: the banner on every
// page says so until each is deactivated or has a new password. (scripts/demo-check.mjs is the start
// script's copy of this check, in plain JavaScript, for the loopback-only rule.)
import "server-only";
import { createHash } from "node:crypto";
import { verifyPassword } from "better-auth/crypto";
import { and, eq, inArray, isNull } from "drizzle-orm";
import { LRUCache } from "lru-cache";
import { getDb } from "@/db/client";
import { preparedQuery } from "@/db/prepared";
import { DEMO_ACCOUNTS } from "@/lib/demo/accounts";
import { account, user } from "@/db/schema";

// A password check costs ~200 ms of scrypt, so its answer is kept per stored hash: a new password (set
// by any process) is a new hash and is checked afresh on the next page. The key is a digest of the
// account id and hash, not the hash itself.
const verdicts = new LRUCache<string, boolean>({ max: 64 });

// Every page's banner asks, so it is built once per connection.
const demoRows = preparedQuery((db) =>
  db
    .select({
      email: user.email,
      accountId: account.id,
      hash: account.password,
    })
    .from(user)
    .innerJoin(
      account,
      and(eq(account.userId, user.id), eq(account.providerId, "credential")),
    )
    .where(
      and(
        isNull(user.deactivatedAt),
        inArray(
          user.email,
          DEMO_ACCOUNTS.map((a) => a.email),
        ),
      ),
    )
    .prepare(),
);

/** E-mails of the demo accounts that are active and still have their published password. */
export async function liveDemoAccounts(): Promise<string[]> {
  const rows = demoRows(getDb()).all();
  const live: string[] = [];
  for (const row of rows) {
    const published = DEMO_ACCOUNTS.find(
      (a) => a.email === row.email,
    )?.password;
    if (!row.hash || !published) continue;
    const key = createHash("sha256")
      .update(`${row.accountId}\0${row.hash}`)
      .digest("hex");
    let verdict = verdicts.get(key);
    if (verdict === undefined) {
      verdict = await verifyPassword({ hash: row.hash, password: published });
      verdicts.set(key, verdict);
    }
    if (verdict) live.push(row.email);
  }
  return live.sort();
}

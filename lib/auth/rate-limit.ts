// Failed sign-ins are limited per account and per client address: after 10 failures for an account,
// or 50 from one address, within 15 minutes, further attempts are refused until the window moves on.
// The failures are rows in the database (sign_in_failures), so every server process and a restart
// see the same counts. Each write keeps at most the newest MAX+1 rows of its key and drops rows that
// left the window, so the table stays bounded however long an attack goes on.
import "server-only";
import { and, desc, eq, inArray, lte, notInArray, gt } from "drizzle-orm";
import { getDb } from "@/db/client";
import { signInFailures } from "@/db/schema";

export const SIGN_IN_WINDOW_MS = 15 * 60_000;
const MAX_FAILURES = { email: 10, ip: 50 } as const;
/** Rows older than the window, of keys nobody retried, are swept at most this often (a scan of the table). */
const SWEEP_EVERY_MS = 60_000;

const g = globalThis as unknown as { __stagelineSignInSweep?: { at: number } };
const sweep = (g.__stagelineSignInSweep ??= { at: 0 });

function maxFor(key: string): number {
  return key.startsWith("ip:") ? MAX_FAILURES.ip : MAX_FAILURES.email;
}

/** Seconds until another attempt is allowed, or 0 when the keys are under the limit. */
export function retryAfter(keys: string[], now = Date.now()): number {
  const db = getDb();
  let wait = 0;
  for (const key of keys) {
    const max = maxFor(key);
    // The block lifts when the max-th newest failure leaves the window (then fewer than max remain).
    const row = db
      .select({ at: signInFailures.at })
      .from(signInFailures)
      .where(
        and(
          eq(signInFailures.key, key),
          gt(signInFailures.at, now - SIGN_IN_WINDOW_MS),
        ),
      )
      .orderBy(desc(signInFailures.at), desc(signInFailures.id))
      .limit(1)
      .offset(max - 1)
      .get();
    if (row)
      wait = Math.max(
        wait,
        Math.ceil((SIGN_IN_WINDOW_MS - (now - row.at)) / 1000),
      );
  }
  return wait;
}

export function recordFailure(keys: string[], now = Date.now()): void {
  getDb().transaction(
    (tx) => {
      for (const key of keys) {
        tx.insert(signInFailures).values({ key, at: now }).run();
        tx.delete(signInFailures)
          .where(
            and(
              eq(signInFailures.key, key),
              lte(signInFailures.at, now - SIGN_IN_WINDOW_MS),
            ),
          )
          .run();
        // Never more than max+1 rows per key: older ones cannot change the answer of retryAfter.
        const keep = tx
          .select({ id: signInFailures.id })
          .from(signInFailures)
          .where(eq(signInFailures.key, key))
          .orderBy(desc(signInFailures.at), desc(signInFailures.id))
          .limit(maxFor(key) + 1);
        tx.delete(signInFailures)
          .where(
            and(
              eq(signInFailures.key, key),
              notInArray(signInFailures.id, keep),
            ),
          )
          .run();
      }
      if (now - sweep.at >= SWEEP_EVERY_MS || now < sweep.at) {
        sweep.at = now;
        tx.delete(signInFailures)
          .where(lte(signInFailures.at, now - SIGN_IN_WINDOW_MS))
          .run();
      }
    },
    { behavior: "immediate" },
  );
}

export function clearFailures(keys: string[]): void {
  if (!keys.length) return;
  getDb().delete(signInFailures).where(inArray(signInFailures.key, keys)).run();
}

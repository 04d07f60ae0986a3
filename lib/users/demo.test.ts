// The demo accounts' passwords are published: the banner shows while any can sign in with one, and
// the start script keeps the server on loopback meanwhile unless STAGELINE_DEMO is set.
import path from "node:path";
import { hashPassword } from "better-auth/crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { DEMO_ACCOUNTS } from "@/lib/demo/accounts";
import { account, user } from "@/db/schema";
import { SYSTEM_ACTOR } from "@/lib/auth/actor";
import { databasePath } from "@/lib/config";
import { makeUser } from "@/lib/testing/factories";
import { createUser } from "@/lib/users/users";
import {
  listenHost,
  liveDemoAccounts as liveAtStart,
} from "@/scripts/demo-check.mjs";
import { liveDemoAccounts } from "./demo";

const emails = DEMO_ACCOUNTS.map((a) => a.email).sort();
const userId = (email: string) =>
  getDb().select({ id: user.id }).from(user).where(eq(user.email, email)).get()
    ?.id ?? "";

describe("demo accounts", () => {
  it("count as live until deactivated or given a new password, in the app and at start", async () => {
    const noDb = path.join(
      path.dirname(databasePath()),
      "none",
      "stageline.db",
    );
    const quiet = () => {};
    // A first start (no database yet) would create them: loopback, unless asked for explicitly.
    expect(await listenHost("0.0.0.0", {}, noDb, quiet)).toBe("127.0.0.1");

    await makeUser("admin");
    expect(await liveDemoAccounts()).toEqual([]);
    expect(await listenHost("0.0.0.0", {}, databasePath(), quiet)).toBe(
      "0.0.0.0",
    );

    for (const a of DEMO_ACCOUNTS) await createUser(SYSTEM_ACTOR, a);
    expect(await liveDemoAccounts()).toEqual(emails);
    expect((await liveAtStart(databasePath()))?.sort()).toEqual(emails);
    const lines: string[] = [];
    expect(
      await listenHost("0.0.0.0", {}, databasePath(), (l) => lines.push(l)),
    ).toBe("127.0.0.1");
    expect(lines[0]).toMatch(
      /^Stageline: listening on 127\.0\.0\.1 only, not 0\.0\.0\.0: the demo accounts .*admin@stageline\.local.* are active/,
    );
    expect(
      await listenHost(
        "0.0.0.0",
        { STAGELINE_DEMO: "1" },
        databasePath(),
        quiet,
      ),
    ).toBe("0.0.0.0");
    expect(await listenHost("127.0.0.1", {}, databasePath(), quiet)).toBe(
      "127.0.0.1",
    );

    const [first, second, ...rest] = DEMO_ACCOUNTS;
    getDb()
      .update(user)
      .set({ deactivatedAt: new Date() })
      .where(eq(user.email, first?.email ?? ""))
      .run();
    getDb()
      .update(account)
      .set({ password: await hashPassword("a-password-of-our-own") })
      .where(eq(account.userId, userId(second?.email ?? "")))
      .run();
    expect(await liveDemoAccounts()).toEqual(rest.map((a) => a.email).sort());

    for (const a of rest)
      getDb()
        .update(user)
        .set({ deactivatedAt: new Date() })
        .where(eq(user.email, a.email))
        .run();
    expect(await liveDemoAccounts()).toEqual([]);
    expect(await liveAtStart(databasePath())).toEqual([]);
    expect(await listenHost("0.0.0.0", {}, databasePath(), quiet)).toBe(
      "0.0.0.0",
    );
  });
});

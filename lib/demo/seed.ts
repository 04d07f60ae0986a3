// First-start data: demo accounts for each role (unless STAGELINE_DEMO=0), or the first admin from
// STAGELINE_ADMIN_EMAIL / STAGELINE_ADMIN_PASSWORD. Runs only against an empty user table.
import "server-only";
import { SYSTEM_ACTOR } from "@/lib/auth/actor";
import { atTime } from "@/lib/clock";
import { demoEnabled } from "@/lib/config";
import { countUsers, createUser } from "@/lib/users/users";
import { DEMO_ACCOUNTS } from "./accounts";
import { DAYS } from "./history";
import { seedDemoModels } from "./models";

export async function seedIfEmpty(
  log: (line: string) => void = console.log,
): Promise<void> {
  if (countUsers() > 0) return;
  if (demoEnabled()) {
    // The demo team joined before its six months of history (lib/demo/history.ts) began.
    const start = Date.now();
    await atTime(start - 185 * DAYS, async () => {
      for (const account of DEMO_ACCOUNTS)
        await createUser(SYSTEM_ACTOR, account);
    });
    log(
      "Stageline: created demo accounts (set STAGELINE_DEMO=0 to start without them):",
    );
    for (const a of DEMO_ACCOUNTS)
      log(
        `  ${a.role.padEnd(15)} ${a.email.padEnd(28)} password: ${a.password}`,
      );
    log("Stageline: training the demo models and replaying their history...");
    await seedDemoModels(log, start);
    return;
  }
  const email = process.env.STAGELINE_ADMIN_EMAIL;
  const password = process.env.STAGELINE_ADMIN_PASSWORD;
  if (!email || !password) {
    log(
      "Stageline: no users yet and the demo is off. Set STAGELINE_ADMIN_EMAIL and STAGELINE_ADMIN_PASSWORD, or run `npm run cli -- user create --email ... --role admin --password ...`.",
    );
    return;
  }
  await createUser(SYSTEM_ACTOR, {
    email,
    password,
    role: "admin",
    name: "Administrator",
  });
  log(`Stageline: created the first admin, ${email}.`);
}

// First-start data: demo accounts for each role (unless STAGELINE_DEMO=0), or the first admin from
// STAGELINE_ADMIN_EMAIL / STAGELINE_ADMIN_PASSWORD. Runs only against an empty user table.
import "server-only";
import { SYSTEM_ACTOR } from "@/lib/auth/actor";
import { demoEnabled } from "@/lib/config";
import { countUsers, createUser } from "@/lib/users/users";
import { DEMO_ACCOUNTS } from "./accounts";
import { seedDemoModels } from "./models";

export async function seedIfEmpty(
  log: (line: string) => void = console.log,
): Promise<void> {
  if (countUsers() > 0) return;
  if (demoEnabled()) {
    for (const account of DEMO_ACCOUNTS)
      await createUser(SYSTEM_ACTOR, account);
    log(
      "Stageline: created demo accounts (set STAGELINE_DEMO=0 to start without them):",
    );
    for (const a of DEMO_ACCOUNTS)
      log(
        `  ${a.role.padEnd(15)} ${a.email.padEnd(28)} password: ${a.password}`,
      );
    log("Stageline: training the demo models...");
    await seedDemoModels(log);
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

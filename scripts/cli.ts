// Server-host commands for scripts and provisioning, over the same lib/ services as the app.
//   npm run cli -- token create --email <user> --name <label> [--expires-days N] [--scope read|write]
//   npm run cli -- token revoke --id <token id>
//   npm run cli -- user create --email <e> --role <role> --password <p> [--name <n>]
//   npm run cli -- user deactivate --email <e>  |  user activate --email <e>
//   npm run cli -- audit verify
//   npm run cli -- db migrate | db seed
//   npm run backup -- <name>     (= cli db backup <name>)   npm run restore -- <name>
import path from "node:path";
import { parseArgs } from "node:util";
import { eq } from "drizzle-orm";
import { closeDb, getDb } from "@/db/client";
import { user } from "@/db/schema";
import { seedIfEmpty } from "@/lib/demo/seed";
import { verifyAndAnchor } from "@/lib/audit/anchor";
import { backup, restore } from "@/lib/backup/backup";
import { dataDir } from "@/lib/config";
import { SYSTEM_ACTOR, type Actor } from "@/lib/auth/actor";
import { DomainError } from "@/lib/errors";
import { createToken, revokeToken } from "@/lib/tokens/tokens";
import { createUser, setActive } from "@/lib/users/users";

const CLI_ACTOR: Actor = { ...SYSTEM_ACTOR, email: "cli", via: "cli" };

async function main(argv: string[]): Promise<number> {
  const [group, command, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: {
      email: { type: "string" },
      name: { type: "string" },
      role: { type: "string" },
      password: { type: "string" },
      "expires-days": { type: "string" },
      scope: { type: "string" },
      id: { type: "string" },
    },
    strict: true,
    allowPositionals: true,
  });
  const positional = parseArgs({
    args: rest,
    options: {},
    strict: false,
    allowPositionals: true,
  }).positionals;
  switch (`${group ?? ""} ${command ?? ""}`) {
    case "token create": {
      if (!values.email || !values.name)
        return usage("token create needs --email and --name");
      const owner = getDb()
        .select()
        .from(user)
        .where(eq(user.email, values.email.toLowerCase()))
        .get();
      if (!owner)
        throw new DomainError(
          "not_found",
          `No user with e-mail ${values.email}`,
        );
      if (owner.deactivatedAt)
        throw new DomainError("invalid", `${values.email} is deactivated`);
      // The token is issued as its owner (the audit trail marks it as made through the CLI).
      const asOwner: Actor = {
        id: owner.id,
        email: owner.email,
        name: owner.name,
        role: owner.role,
        via: "cli",
      };
      const { token } = createToken(asOwner, {
        name: values.name,
        expiresInDays: values["expires-days"],
        scope: values.scope,
      });
      console.log(token);
      return 0;
    }
    case "token revoke": {
      const id = Number(values.id);
      if (!Number.isInteger(id) || id < 1)
        return usage(
          "token revoke needs --id <token id> (the number `GET /api/v1/tokens` lists)",
        );
      // Every server process sees it before its next request: the revocation bumps the shared cache generation.
      const revoked = revokeToken(CLI_ACTOR, id);
      console.log(`Revoked token ${revoked.id} (${revoked.name})`);
      return 0;
    }
    case "user deactivate":
    case "user activate": {
      if (!values.email) return usage(`user ${command} needs --email`);
      const target = getDb()
        .select()
        .from(user)
        .where(eq(user.email, values.email.toLowerCase()))
        .get();
      if (!target)
        throw new DomainError(
          "not_found",
          `No user with e-mail ${values.email}`,
        );
      const changed = setActive(CLI_ACTOR, {
        userId: target.id,
        active: command === "activate",
      });
      console.log(
        `${changed.email} is ${changed.deactivatedAt ? "deactivated: their sessions and tokens are refused" : "active"}`,
      );
      return 0;
    }
    case "user create": {
      const created = await createUser(CLI_ACTOR, {
        email: values.email,
        role: values.role,
        password: values.password,
        name: values.name,
      });
      console.log(`Created ${created.email} (${created.role})`);
      return 0;
    }
    case "audit verify": {
      const result = verifyAndAnchor(getDb());
      if (result.ok) {
        console.log(
          `Audit chain intact: ${result.count} events verified with the audit key; head ${result.head}, anchored in ${path.join(dataDir(), "audit-anchor.json")}.`,
        );
        return 0;
      }
      if (result.missing)
        console.error(
          `Audit chain BROKEN: ${result.reason} (${result.count} events verified).`,
        );
      else
        console.error(
          `Audit chain BROKEN at event ${result.brokenAt}: ${result.reason} (${result.count} events verified before it).`,
        );
      return 1;
    }
    case "db migrate":
      getDb();
      console.log("Migrations applied.");
      return 0;
    case "db seed":
      await seedIfEmpty();
      return 0;
    case "db backup": {
      const target = positional[0];
      if (!target)
        return usage(
          "backup needs a name, e.g. npm run backup -- /backups/stageline-2026-11-29",
        );
      const m = await backup(dataDir(), path.resolve(target), (line) =>
        console.log(line),
      );
      console.log(
        `Backup complete: ${m.database.bytes} bytes of database, ${m.blobs.length} artifact files.`,
      );
      return 0;
    }
    case "db restore": {
      const target = positional[0];
      if (!target)
        return usage(
          "restore needs the backup's name, e.g. npm run restore -- /backups/stageline-2026-11-29",
        );
      await restore(path.resolve(target), dataDir(), (line) =>
        console.log(line),
      );
      return 0;
    }
    default:
      return usage(`unknown command '${argv.join(" ")}'`);
  }
}

function usage(problem: string): number {
  console.error(`stageline cli: ${problem}
usage:
  npm run cli -- token create --email <user> --name <label> [--expires-days N] [--scope read|write]
  npm run cli -- token revoke --id <token id>
  npm run cli -- user create --email <e-mail> --role admin|data_scientist|reviewer|manager --password <p> [--name <n>]
  npm run cli -- user deactivate --email <e-mail>   |   user activate --email <e-mail>
  npm run cli -- audit verify
  npm run cli -- db migrate | db seed
  npm run backup -- <name>      online backup to <name>.db, <name>.blobs/, <name>.manifest.json
  npm run restore -- <name>     into an empty data folder (STAGELINE_DATA_DIR)`);
  return 2;
}

main(process.argv.slice(2))
  .then((code) => {
    closeDb();
    process.exit(code);
  })
  .catch((error: unknown) => {
    closeDb();
    if (error instanceof DomainError) {
      console.error(`stageline cli: ${error.message}`);
      process.exit(1);
    }
    console.error(error);
    process.exit(1);
  });

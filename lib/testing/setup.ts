// Each test file gets its own data folder, so its database is fresh and built by the real migrations.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll } from "vitest";
import { trustAddressStamp } from "@/lib/http/client-address";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stageline-test-"));
process.env.STAGELINE_DATA_DIR = dir;
process.env.STAGELINE_DEMO = "0";
// The tests' webhook receivers listen on loopback, which webhooks refuse unless allowed (as in playwright.config.ts).
process.env.STAGELINE_WEBHOOK_ALLOW = "127.0.0.1";
// Tests build requests as the request listener delivers them, address stamp included (lib/http/client-address.ts).
trustAddressStamp();

afterAll(async () => {
  const { closeDb } = await import("@/db/client");
  closeDb();
  fs.rmSync(dir, { recursive: true, force: true });
});

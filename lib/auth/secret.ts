// The key that signs session cookies: STAGELINE_SECRET, or one generated once into the data folder.
import "server-only";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { dataDir } from "@/lib/config";

export function authSecret(): string {
  const fromEnv = process.env.STAGELINE_SECRET;
  if (fromEnv) return fromEnv;
  const file = path.join(dataDir(), "secret");
  try {
    return fs.readFileSync(file, "utf8").trim();
  } catch {
    fs.mkdirSync(dataDir(), { recursive: true });
    const secret = randomBytes(32).toString("base64url");
    // "wx" fails if another process won the race; then we read theirs.
    try {
      fs.writeFileSync(file, secret, { mode: 0o600, flag: "wx" });
      return secret;
    } catch {
      return fs.readFileSync(file, "utf8").trim();
    }
  }
}

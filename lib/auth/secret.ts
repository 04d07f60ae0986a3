// The key that signs session cookies: STAGELINE_SECRET, or one generated once into the data folder.
import "server-only";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { dataDir } from "@/lib/config";

const known = new Map<string, string>();

export function authSecret(): string {
  const fromEnv = process.env.STAGELINE_SECRET;
  if (fromEnv) return fromEnv;
  const file = path.join(dataDir(), "secret");
  const hit = known.get(file);
  if (hit) return hit;
  const secret = readOrCreate(file);
  known.set(file, secret);
  return secret;
}

function readOrCreate(file: string): string {
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

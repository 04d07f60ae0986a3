// The key that signs session cookies: STAGELINE_SECRET, or one generated once into the data folder
// (`secret`, 0600), shared by every process on it (see key-file.ts).
import "server-only";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { dataDir } from "@/lib/config";
import { keyFile } from "./key-file";

const secretFile = keyFile(() => randomBytes(32).toString("base64url"));

export function authSecret(): string {
  const fromEnv = process.env.STAGELINE_SECRET;
  if (fromEnv) return fromEnv;
  return secretFile.read(path.join(dataDir(), "secret"));
}

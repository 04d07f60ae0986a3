// `npm start`: checks the data folder, builds the app when no build is there, then serves it on
// HOSTNAME:PORT (default 127.0.0.1:3000) through the server entry scripts/server.mjs (which forks
// STAGELINE_WORKERS worker processes). Migrations and the first-start seed run in its first worker
// (instrumentation.ts), under the start lock, before any worker listens.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { DataFolderError, prepareDataFolder } from "./data-folder.mjs";
import { listenHost } from "./demo-check.mjs";

const root = path.resolve(import.meta.dirname, "..");
const distDir = process.env.STAGELINE_DIST_DIR ?? ".next";
const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");
const dataDir = path.resolve(process.env.STAGELINE_DATA_DIR ?? "./data");
const requestedHost =
  process.env.HOSTNAME && process.env.HOSTNAME !== ""
    ? process.env.HOSTNAME
    : "127.0.0.1";
const port = process.env.PORT ?? "3000";

try {
  prepareDataFolder(dataDir);
} catch (error) {
  if (!(error instanceof DataFolderError)) throw error;
  console.error(error.message);
  process.exit(1);
}

// The demo accounts' passwords are in the README: while any of them can sign in, the server stays on
// loopback unless the operator asked for the demo explicitly (STAGELINE_DEMO set).
const host = await listenHost(
  requestedHost,
  process.env,
  path.join(dataDir, "stageline.db"),
);

if (!fs.existsSync(path.join(root, distDir, "BUILD_ID"))) {
  console.log(
    "Stageline: no build found, building (a few minutes on first start)...",
  );
  const built = spawnSync(process.execPath, [nextBin, "build"], {
    cwd: root,
    stdio: "inherit",
    env: process.env,
  });
  if (built.status !== 0) process.exit(built.status ?? 1);
}

// Everything the server creates in the data folder (database, WAL, uploads) is for its own user only.
process.umask(0o077);
const server = spawn(
  process.execPath,
  [path.join(root, "scripts", "server.mjs")],
  {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, HOSTNAME: host, PORT: port },
  },
);
for (const signal of ["SIGINT", "SIGTERM"])
  process.on(signal, () => server.kill(signal));
server.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

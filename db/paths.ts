// Where the data folder is (STAGELINE_DATA_DIR, default ./data): read here, in the storage layer
// that opens it, and listed with the other settings through lib/config.ts.
import path from "node:path";

export function dataDir(): string {
  // Resolved at run time from the environment; not a build-time path for the bundler to trace.
  return path.resolve(
    /*turbopackIgnore: true*/ process.env.STAGELINE_DATA_DIR ?? "./data",
  );
}

export function databasePath(): string {
  return path.join(dataDir(), "stageline.db");
}

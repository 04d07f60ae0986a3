import { NextResponse } from "next/server";
import { databaseHealth, storageHealth } from "@/lib/health";
import { APP_VERSION } from "@/lib/config";

export const dynamic = "force-dynamic";

/** Liveness for load balancers and scripts: no sign-in needed, no secrets in the answer. */
export function GET() {
  const db = databaseHealth();
  const disk = storageHealth();
  const ok =
    db.reachable && db.migrationsApplied === db.migrationsExpected && disk.ok;
  return NextResponse.json(
    {
      status: ok ? "ok" : "degraded",
      version: APP_VERSION,
      database: {
        reachable: db.reachable,
        migrations: {
          applied: db.migrationsApplied,
          expected: db.migrationsExpected,
          up_to_date: db.migrationsApplied === db.migrationsExpected,
        },
      },
      storage: {
        ok: disk.ok,
        free_bytes: disk.freeBytes,
        min_free_bytes: disk.minFreeBytes,
        ...(disk.problem ? { problem: disk.problem } : {}),
      },
    },
    { status: ok ? 200 : 503 },
  );
}

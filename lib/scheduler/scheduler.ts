// In-process periodic work, started once per server from instrumentation.ts. Every job is
// idempotent and keeps its state in the database, so a restart loses and repeats nothing.
import "server-only";
import { evaluateAlerts } from "@/lib/alerts/evaluate";
import { anchorAuditChain } from "@/lib/audit/anchor";
import { auditKey } from "@/lib/audit/audit-key";
import { recordDrift } from "@/lib/drift/snapshot";
import { runRetirementJobs } from "@/lib/retirement/jobs";
import { dropOldPoints, flush } from "@/lib/monitoring/recorder";
import { deliverDue, resumeInterruptedDeliveries } from "@/lib/webhooks/webhooks";

const globalForScheduler = globalThis as unknown as { __stagelineScheduler?: NodeJS.Timeout };

export function startScheduler(): void {
  if (globalForScheduler.__stagelineScheduler) return;
  // A bad STAGELINE_AUDIT_KEY (or an unreadable data/audit-key) stops the start here, with its
  // message, instead of failing every write that appends an audit event.
  auditKey();
  resumeInterruptedDeliveries();
  let running = false;
  let lastRetention = 0;
  let lastDrift = 0;
  let lastRetirement = 0;
  let lastAuditAnchor = 0;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      flush();
      if (Date.now() - lastRetention > 3_600_000) {
        dropOldPoints();
        lastRetention = Date.now();
      }
      if (Date.now() - lastDrift >= 60_000) {
        recordDrift();
        lastDrift = Date.now();
      }
      if (Date.now() - lastRetirement >= 10_000) {
        runRetirementJobs();
        lastRetirement = Date.now();
      }
      evaluateAlerts();
      if (Date.now() - lastAuditAnchor >= 60_000) {
        // Verifies the events since the last anchor and moves it; queues audit.anchor when due.
        lastAuditAnchor = Date.now();
        anchorAuditChain();
      }
      await deliverDue();
    } catch (error) {
      console.error("[stageline] scheduler tick failed", error);
    } finally {
      running = false;
    }
  };
  globalForScheduler.__stagelineScheduler = setInterval(tick, 2000);
  globalForScheduler.__stagelineScheduler.unref();
}

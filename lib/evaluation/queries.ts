// Evaluation reads shared by pages: the production version's metrics for side-by-side display.
import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { DomainError } from "@/lib/errors";
import { getVersion } from "@/lib/registry/queries";

/** The metrics of the model's production version, unless that is `exceptVersion` itself. */
export function productionMetrics(
  actor: Actor,
  modelName: string,
  exceptVersion?: number,
): { version: number; metrics: Record<string, number> } | null {
  try {
    const prod = getVersion(actor, modelName, "production");
    return prod.version === exceptVersion
      ? null
      : { version: prod.version, metrics: prod.metrics };
  } catch (error) {
    if (error instanceof DomainError && error.code === "not_found") return null;
    throw error;
  }
}

// Where an audit event points in the app: the model or version it names, or the audit trail entry.
import type { AuditEventRow } from "@/db/schema";
import { modelHref, versionHref } from "@/lib/registry/paths";

export function activityLink(
  e: Pick<AuditEventRow, "entityType" | "entityId" | "before" | "after">,
): { href: string; label: string } | null {
  const data = { ...parse(e.before), ...parse(e.after) } as {
    model?: unknown;
    version?: unknown;
    name?: unknown;
  };
  const model =
    typeof data.model === "string"
      ? data.model
      : e.entityType === "model" && typeof data.name === "string"
        ? data.name
        : null;
  if (model) {
    const version = typeof data.version === "number" ? data.version : null;
    return version === null
      ? { href: modelHref(model), label: model }
      : { href: versionHref(model, version), label: `${model} v${version}` };
  }
  if (e.entityType === "deployment")
    return {
      href: `/monitoring/${encodeURIComponent(e.entityId)}`,
      label: `deployment #${e.entityId}`,
    };
  return {
    href: `/audit?entity_type=${encodeURIComponent(e.entityType)}&entity_id=${encodeURIComponent(e.entityId)}`,
    label: `${e.entityType} ${e.entityId.length > 12 ? `${e.entityId.slice(0, 8)}…` : e.entityId}`,
  };
}

function parse(json: string | null): Record<string, unknown> {
  if (!json) return {};
  try {
    const v = JSON.parse(json) as unknown;
    return v && typeof v === "object" && !Array.isArray(v)
      ? (v as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

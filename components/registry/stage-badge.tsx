import { Badge } from "@/components/ui/badge";
import type { VersionStage } from "@/db/schema";
import { STAGE_LABELS } from "@/lib/format";

const TONES = {
  none: "neutral",
  staging: "warning",
  production: "success",
  archived: "neutral",
  retired: "danger",
} as const;

export function StageBadge({ stage }: { stage: VersionStage }) {
  return <Badge tone={TONES[stage]}>{STAGE_LABELS[stage]}</Badge>;
}

export function ModelStatusBadge({
  status,
}: {
  status: "active" | "deprecated" | "retired";
}) {
  if (status === "active") return null;
  return (
    <Badge tone={status === "retired" ? "danger" : "warning"}>
      {status === "retired" ? "Retired" : "Deprecated"}
    </Badge>
  );
}

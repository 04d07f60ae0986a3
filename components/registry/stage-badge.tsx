import { Badge } from "@/components/ui/badge";

const LABELS = { none: "Development", staging: "Staging", production: "Production", archived: "Archived", retired: "Retired" } as const;
const TONES = { none: "neutral", staging: "warning", production: "success", archived: "neutral", retired: "danger" } as const;

export function StageBadge({ stage }: { stage: keyof typeof LABELS }) {
  return <Badge tone={TONES[stage]}>{LABELS[stage]}</Badge>;
}

export function ModelStatusBadge({ status }: { status: "active" | "deprecated" | "retired" }) {
  if (status === "active") return null;
  return <Badge tone={status === "retired" ? "danger" : "warning"}>{status === "retired" ? "Retired" : "Deprecated"}</Badge>;
}

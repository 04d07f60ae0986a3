// Display helpers shared by pages (dates in UTC so server and browser render the same text).
import type { Role, VersionStage } from "@/db/schema";

export const ROLE_LABELS: Record<Role, string> = {
  admin: "Admin",
  data_scientist: "Data scientist",
  reviewer: "Reviewer",
  manager: "Manager",
};

/** A stage as people say it: the registry's "none" is Development (MLflow's "None"). */
export const STAGE_LABELS: Record<VersionStage, string> = {
  none: "Development",
  staging: "Staging",
  production: "Production",
  archived: "Archived",
  retired: "Retired",
};

export function formatDateTime(
  value: number | Date | null | undefined,
): string {
  if (value === null || value === undefined) return "—";
  const d = typeof value === "number" ? new Date(value) : value;
  return `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

export function formatDate(value: number | Date | null | undefined): string {
  if (value === null || value === undefined) return "—";
  const d = typeof value === "number" ? new Date(value) : value;
  return d.toISOString().slice(0, 10);
}

/** A metric's value, the same on every page: four decimals (0.8731), whatever the page. */
export function formatMetric(value: number): string {
  return value.toFixed(4);
}

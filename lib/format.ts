// Display helpers shared by pages (dates in UTC so server and browser render the same text).
import type { Role } from "@/db/schema";

export const ROLE_LABELS: Record<Role, string> = {
  admin: "Admin",
  data_scientist: "Data scientist",
  reviewer: "Reviewer",
  manager: "Manager",
};

export function formatDateTime(value: number | Date | null | undefined): string {
  if (value === null || value === undefined) return "—";
  const d = typeof value === "number" ? new Date(value) : value;
  return `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

export function formatDate(value: number | Date | null | undefined): string {
  if (value === null || value === undefined) return "—";
  const d = typeof value === "number" ? new Date(value) : value;
  return d.toISOString().slice(0, 10);
}

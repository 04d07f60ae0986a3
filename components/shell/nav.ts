// The sidebar's entries and the permission each needs; the shell shows only what the role may open.
import type { Permission } from "@/lib/auth/permissions";

export type NavItem = { href: string; label: string; permission: Permission };

export const NAV_ITEMS: NavItem[] = [
  { href: "/", label: "Dashboard", permission: "dashboard.read" },
  { href: "/models", label: "Models", permission: "models.read" },
  { href: "/reviews", label: "Reviews", permission: "reviews.read" },
  // A data scientist's own requests; reviewers and managers, who open none, do not see it.
  { href: "/requests", label: "My requests", permission: "requests.create" },
  { href: "/monitoring", label: "Monitoring", permission: "monitoring.read" },
  { href: "/retirements", label: "Retirements", permission: "models.read" },
  { href: "/audit", label: "Audit", permission: "audit.read" },
  { href: "/settings", label: "Settings", permission: "settings.read" },
];

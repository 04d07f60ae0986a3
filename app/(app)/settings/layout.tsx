import type { ReactNode } from "react";
import { SidebarLinks } from "@/components/shell/sidebar-links";
import { can } from "@/lib/auth/permissions";
import { requirePagePermission } from "@/lib/auth/session";

export default async function SettingsLayout({
  children,
}: {
  children: ReactNode;
}) {
  const actor = await requirePagePermission("settings.read");
  const tabs = [
    {
      href: "/settings/tokens",
      label: "API tokens",
      show: can(actor, "tokens.manage_own"),
    },
    {
      href: "/settings/users",
      label: "Users",
      show: can(actor, "users.manage"),
    },
    {
      href: "/settings/policies",
      label: "Policies",
      show: can(actor, "policies.manage"),
    },
    {
      href: "/settings/webhooks",
      label: "Webhooks",
      show: can(actor, "webhooks.manage"),
    },
    {
      href: "/settings/signing-keys",
      label: "Signing keys",
      show: can(actor, "signing_keys.manage"),
    },
    {
      href: "/settings/storage",
      label: "Storage",
      show: can(actor, "settings.read"),
    },
  ].filter((t) => t.show);
  return (
    <div className="md:flex md:gap-8">
      <nav aria-label="Settings" className="mb-6 md:w-44 md:shrink-0">
        <p className="mb-2 px-3 text-xs font-semibold uppercase tracking-wide text-muted">
          Settings
        </p>
        <SidebarLinks items={tabs} />
      </nav>
      <div className="min-w-0 flex-1">{children}</div>
    </div>
  );
}

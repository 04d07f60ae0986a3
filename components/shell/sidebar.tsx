import Link from "next/link";
import { SubmitButton } from "@/components/ui/submit-button";
import type { Actor } from "@/lib/auth/actor";
import { can } from "@/lib/auth/permissions";
import { ROLE_LABELS } from "@/lib/format";
import { NAV_ITEMS } from "./nav";
import { NotificationBell } from "./live-counts";
import { SearchBox } from "./search-box";
import { SidebarLinks } from "./sidebar-links";

/**
 * `signOut` is the sign-out server action, handed in by the layout (components import no actions).
 * The live counts read `inboxSummaryQuery()`, which the layout hydrates around the sidebar.
 */
export function Sidebar({
  actor,
  signOut,
}: {
  actor: Actor;
  signOut: () => Promise<void>;
}) {
  const items = NAV_ITEMS.filter((item) => can(actor, item.permission)).map(
    ({ href, label }) => ({ href, label }),
  );
  return (
    <aside className="border-b border-border bg-surface md:sticky md:top-0 md:flex md:h-screen md:w-56 md:flex-col md:border-r md:border-b-0">
      <div className="flex items-center justify-between px-4 py-3">
        <Link href="/" className="text-base font-semibold tracking-tight">
          Stageline
        </Link>
        <NotificationBell />
      </div>
      <div className="px-4 pb-2">
        <SearchBox />
      </div>
      <nav aria-label="Main" className="px-2 pb-2 md:flex-1">
        <SidebarLinks items={items} />
      </nav>
      <p className="hidden px-5 pb-3 text-xs md:block">
        <Link
          href="/api-docs"
          className="text-muted hover:text-accent hover:underline"
        >
          API reference
        </Link>
      </p>
      <div
        className="flex items-center justify-between gap-2 border-t border-border px-4 py-3 md:block md:space-y-2"
        data-testid="current-user"
      >
        <div className="min-w-0">
          <p className="truncate text-sm font-medium">{actor.name}</p>
          <p className="truncate text-xs text-muted">{actor.email}</p>
          <p className="text-xs text-muted">
            Role:{" "}
            <span data-testid="current-role">{ROLE_LABELS[actor.role]}</span>
          </p>
        </div>
        <form action={signOut}>
          <SubmitButton variant="secondary" pendingText="Signing out…">
            Sign out
          </SubmitButton>
        </form>
      </div>
    </aside>
  );
}

import {
  dehydrate,
  HydrationBoundary,
  QueryClient,
} from "@tanstack/react-query";
import type { ReactNode } from "react";
import { Providers } from "@/components/providers";
import { DemoBanner } from "@/components/shell/demo-banner";
import { Sidebar } from "@/components/shell/sidebar";
import { signOutAction } from "./actions";
import { can } from "@/lib/auth/permissions";
import { requireActor } from "@/lib/auth/session";
import { openRequestCount } from "@/lib/lifecycle/queries";
import { unreadCount } from "@/lib/notifications/notifications";
import { inboxSummaryQuery } from "@/lib/queries/options";

export default async function AppLayout({ children }: { children: ReactNode }) {
  const actor = await requireActor();
  // A QueryClient of this render only: a module-level one would hand one user's data to the next.
  const queryClient = new QueryClient();
  queryClient.setQueryData(inboxSummaryQuery().queryKey, {
    open_requests: can(actor, "reviews.read") ? openRequestCount() : null,
    unread_notifications: unreadCount(actor),
  });
  return (
    <Providers>
      <DemoBanner />
      <div className="md:flex">
        <HydrationBoundary state={dehydrate(queryClient)}>
          <Sidebar actor={actor} signOut={signOutAction} />
        </HydrationBoundary>
        <main id="main" className="min-w-0 flex-1 px-4 py-6 md:px-8">
          {children}
        </main>
      </div>
    </Providers>
  );
}

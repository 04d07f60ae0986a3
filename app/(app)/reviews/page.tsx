import {
  dehydrate,
  HydrationBoundary,
  QueryClient,
} from "@tanstack/react-query";
import type { Metadata } from "next";
import { ReviewInbox } from "@/components/lifecycle/review-inbox";
import { PageHeader } from "@/components/ui/card";
import { can } from "@/lib/auth/permissions";
import { requirePagePermission } from "@/lib/auth/session";
import { listRequests } from "@/lib/lifecycle/queries";
import { openRequestsQuery } from "@/lib/queries/options";

export const metadata: Metadata = { title: "Reviews" };

export default async function ReviewsPage() {
  const actor = await requirePagePermission("reviews.read");
  const queryClient = new QueryClient();
  queryClient.setQueryData(
    openRequestsQuery().queryKey,
    listRequests(actor, { status: "open" }),
  );
  return (
    <>
      <PageHeader
        title="Reviews"
        description="Open transition requests, newest first. The list refreshes on its own."
      />
      <HydrationBoundary state={dehydrate(queryClient)}>
        <ReviewInbox
          me={{
            id: actor.id,
            name: actor.name,
            canDecide: can(actor, "reviews.decide"),
          }}
        />
      </HydrationBoundary>
    </>
  );
}

import type { Metadata } from "next";
import { ReviewInbox } from "@/components/lifecycle/review-inbox";
import { PageHeader } from "@/components/ui/card";
import { can } from "@/lib/auth/permissions";
import { requirePagePermission } from "@/lib/auth/session";
import { listRequests } from "@/lib/lifecycle/queries";

export const metadata: Metadata = { title: "Reviews" };

export default async function ReviewsPage() {
  const actor = await requirePagePermission("reviews.read");
  const open = listRequests(actor, { status: "open" });
  return (
    <>
      <PageHeader
        title="Reviews"
        description="Open transition requests, newest first. The list refreshes on its own."
      />
      <ReviewInbox
        initial={open}
        me={{
          id: actor.id,
          name: actor.name,
          canDecide: can(actor, "reviews.decide"),
        }}
      />
    </>
  );
}

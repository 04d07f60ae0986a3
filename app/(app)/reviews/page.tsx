import type { Metadata } from "next";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { requirePagePermission } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Reviews" };

export default async function ReviewsPage() {
  await requirePagePermission("reviews.read");
  return (
    <>
      <PageHeader title="Reviews" description="Transition requests waiting for your approval." />
      <EmptyState title="No review inbox yet">Transition requests and approvals are not built in this version of Stageline yet.</EmptyState>
    </>
  );
}

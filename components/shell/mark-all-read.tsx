"use client";
import { useQueryClient } from "@tanstack/react-query";
import { ActionButton } from "@/components/ui/action-button";
import type { ActionResult } from "@/lib/http/action";
import { inboxSummaryQuery } from "@/lib/queries/options";

/** "Mark all as read": the bell drops to zero with the answer, not at its next poll (the action
 *  revalidates the page itself). */
export function MarkAllReadButton({
  action,
}: {
  action: () => Promise<ActionResult<null>>;
}) {
  const qc = useQueryClient();
  return (
    <ActionButton
      variant="secondary"
      pendingText="Marking…"
      success={() => "All notifications marked as read"}
      run={async () => {
        const result = await action();
        if (result.ok) {
          qc.setQueryData(inboxSummaryQuery().queryKey, (s) =>
            s ? { ...s, unread_notifications: 0 } : s,
          );
          void qc.invalidateQueries({ queryKey: inboxSummaryQuery().queryKey });
        }
        return result;
      }}
    >
      Mark all as read
    </ActionButton>
  );
}

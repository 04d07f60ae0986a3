"use client";
import { ActionButton } from "@/components/ui/action-button";
import type { ActionResult } from "@/lib/http/action";

export function RollbackButton({
  version,
  onRollback,
}: {
  version: number;
  onRollback: () => Promise<ActionResult<{ id: number; version: number }>>;
}) {
  return (
    <ActionButton
      variant="secondary"
      run={onRollback}
      success={(d) =>
        `Rollback to v${version} requested (#${d.id}); reviewers were notified`
      }
    >
      Roll back to v{version}
    </ActionButton>
  );
}

"use client";
import { useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/http/action";

export function RollbackButton({
  version,
  onRollback,
}: {
  version: number;
  onRollback: () => Promise<ActionResult<{ id: number; version: number }>>;
}) {
  const [pending, start] = useTransition();
  return (
    <Button
      variant="secondary"
      disabled={pending}
      onClick={() =>
        start(async () => {
          const r = await onRollback();
          if (r.ok)
            toast.success(
              `Rollback to v${version} requested (#${r.data.id}); reviewers were notified`,
            );
          else toast.error(r.error);
        })
      }
    >
      Roll back to v{version}
    </Button>
  );
}

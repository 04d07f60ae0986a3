"use client";
import { useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { revokeTokenAction } from "./actions";

export function RevokeButton({ id, name }: { id: number; name: string }) {
  const [pending, start] = useTransition();
  return (
    <Button
      variant="danger"
      disabled={pending}
      aria-label={`Revoke token ${name}`}
      onClick={() =>
        start(async () => {
          if (
            !window.confirm(
              `Revoke “${name}”? Anything using it stops working at once.`,
            )
          )
            return;
          const result = await revokeTokenAction(id);
          if (result.ok) toast.success(`Token “${name}” revoked`);
          else toast.error(result.error);
        })
      }
    >
      {pending ? "Revoking…" : "Revoke"}
    </Button>
  );
}

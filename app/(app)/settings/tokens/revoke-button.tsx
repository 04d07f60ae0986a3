"use client";
import { ActionButton } from "@/components/ui/action-button";
import { revokeTokenAction } from "./actions";

export function RevokeButton({ id, name }: { id: number; name: string }) {
  return (
    <ActionButton
      variant="danger"
      aria-label={`Revoke token ${name}`}
      confirm={`Revoke “${name}”? Anything using it stops working at once.`}
      run={() => revokeTokenAction(id)}
      success={() => `Token “${name}” revoked`}
      pendingText="Revoking…"
    >
      Revoke
    </ActionButton>
  );
}

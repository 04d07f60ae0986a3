"use client";
import { useActionState, useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Field, TextArea } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import type { ActionResult } from "@/lib/http/action";
import { addSigningKeyAction, revokeSigningKeyAction } from "./actions";

export function AddSigningKeyForm() {
  const [state, run] = useActionState<
    ActionResult<{ name: string; fingerprint: string }> | null,
    FormData
  >(addSigningKeyAction, null);
  const e = state && !state.ok ? state.fieldErrors : undefined;
  const v = state && !state.ok ? state.values : undefined;
  return (
    <div className="space-y-3">
      <form action={run} className="space-y-3" noValidate>
        <Field
          label="Name"
          name="name"
          placeholder="ci-release"
          defaultValue={v?.name}
          errors={e?.name}
        />
        <TextArea
          label="Public key (PEM)"
          name="public_key"
          rows={5}
          placeholder="-----BEGIN PUBLIC KEY-----"
          defaultValue={v?.public_key}
          errors={e?.public_key}
          hint="ECDSA P-256, P-384 or P-521, as model_signing sign key uses."
        />
        {state && !state.ok && !e ? (
          <p role="alert" className="text-sm text-danger">
            {state.error}
          </p>
        ) : null}
        <SubmitButton pendingText="Adding…">Add key</SubmitButton>
      </form>
      {state?.ok ? (
        <div
          role="status"
          className="rounded-md border border-success/30 bg-success/5 p-3 text-sm"
        >
          Added “{state.data.name}”, fingerprint{" "}
          <code className="font-mono break-all">{state.data.fingerprint}</code>
        </div>
      ) : null}
    </div>
  );
}

export function RevokeSigningKeyButton({
  id,
  name,
}: {
  id: number;
  name: string;
}) {
  const [pending, start] = useTransition();
  return (
    <Button
      variant="danger"
      disabled={pending}
      aria-label={`Revoke signing key ${name}`}
      onClick={() =>
        start(async () => {
          if (
            !window.confirm(
              `Revoke “${name}”? Versions it signed no longer pass the “signed by trusted key” gate.`,
            )
          )
            return;
          const result = await revokeSigningKeyAction(id);
          if (result.ok) toast.success(`Signing key “${name}” revoked`);
          else toast.error(result.error);
        })
      }
    >
      {pending ? "Revoking…" : "Revoke"}
    </Button>
  );
}

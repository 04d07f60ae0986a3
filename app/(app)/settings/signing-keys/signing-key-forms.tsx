"use client";
import { useActionState } from "react";
import { ActionButton } from "@/components/ui/action-button";
import { Field, TextArea } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { failedForm } from "@/components/ui/form-state";
import { SuccessNote } from "@/components/ui/success-note";
import { SubmitButton } from "@/components/ui/submit-button";
import type { ActionResult } from "@/lib/http/action";
import { addSigningKeyAction, revokeSigningKeyAction } from "./actions";

export function AddSigningKeyForm() {
  const [state, run] = useActionState<
    ActionResult<{ name: string; fingerprint: string }> | null,
    FormData
  >(addSigningKeyAction, null);
  const { errors: e, values: v } = failedForm(state);
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
        <FormError state={state} besideFieldErrors={false} />
        <SubmitButton pendingText="Adding…">Add key</SubmitButton>
      </form>
      {state?.ok ? (
        <SuccessNote>
          Added “{state.data.name}”, fingerprint{" "}
          <code className="font-mono break-all">{state.data.fingerprint}</code>
        </SuccessNote>
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
  return (
    <ActionButton
      variant="danger"
      aria-label={`Revoke signing key ${name}`}
      confirm={`Revoke “${name}”? Versions it signed no longer pass the “signed by trusted key” gate.`}
      run={() => revokeSigningKeyAction(id)}
      success={() => `Signing key “${name}” revoked`}
      pendingText="Revoking…"
    >
      Revoke
    </ActionButton>
  );
}

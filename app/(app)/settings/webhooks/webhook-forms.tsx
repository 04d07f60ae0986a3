"use client";
import { useRouter } from "next/navigation";
import { useActionState, useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { errorsUnder, failedForm } from "@/components/ui/form-state";
import { SuccessNote } from "@/components/ui/success-note";
import { SubmitButton } from "@/components/ui/submit-button";
import type { ActionResult } from "@/lib/http/action";
import {
  createWebhookAction,
  sendTestAction,
  toggleWebhookAction,
} from "./actions";

export function CreateWebhookForm() {
  const [state, run] = useActionState<
    ActionResult<{ secret: string; url: string }> | null,
    FormData
  >(createWebhookAction, null);
  const { errors: e, values: v } = failedForm(state);
  return (
    <div className="space-y-3">
      <form
        action={run}
        className="grid grid-cols-1 gap-3 md:grid-cols-[2fr_2fr_auto] md:items-start"
        noValidate
      >
        <Field
          label="URL"
          name="url"
          placeholder="https://hooks.example.com/stageline"
          defaultValue={v?.url}
          errors={e?.url}
        />
        <Field
          label="Events"
          name="events"
          defaultValue={v?.events ?? "transition.applied, transition.requested"}
          hint="Comma-separated event names, or * for all."
          errors={errorsUnder(e, "events")}
        />
        <div className="md:pt-6">
          <SubmitButton pendingText="Adding…">Add webhook</SubmitButton>
        </div>
      </form>
      {state?.ok ? (
        <SuccessNote>
          Signing secret for {state.data.url} (shown once):{" "}
          <code
            data-testid="webhook-secret"
            className="font-mono break-all select-all"
          >
            {state.data.secret}
          </code>
        </SuccessNote>
      ) : null}
    </div>
  );
}

export function WebhookControls({
  id,
  active,
}: {
  id: number;
  active: boolean;
}) {
  const [pending, start] = useTransition();
  const router = useRouter();
  return (
    <div className="flex gap-2">
      <Button
        variant="secondary"
        disabled={pending || !active}
        onClick={() =>
          start(async () => {
            const r = await sendTestAction(id);
            if (r.ok)
              toast.success(
                "Test delivery queued; it is sent within a few seconds",
              );
            else toast.error(r.error);
            setTimeout(() => router.refresh(), 3000);
          })
        }
      >
        Send test
      </Button>
      <Button
        variant={active ? "danger" : "secondary"}
        disabled={pending}
        onClick={() =>
          start(async () => {
            const r = await toggleWebhookAction(id, !active);
            if (!r.ok) toast.error(r.error);
          })
        }
      >
        {active ? "Disable" : "Enable"}
      </Button>
    </div>
  );
}

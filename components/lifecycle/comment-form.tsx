"use client";
import { useActionState, useRef, useState, useTransition } from "react";
import { toast } from "sonner";
import { ActionButton } from "@/components/ui/action-button";
import { Button } from "@/components/ui/button";
import { TextArea, inputClass } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { useOutcomeToast } from "@/components/ui/use-outcome-toast";
import type { ActionResult, FormAction } from "@/lib/http/action";

export function CommentForm({
  action,
}: {
  action: FormAction<{ id: number }>;
}) {
  const [state, run] = useActionState(action, null);
  const ref = useRef<HTMLFormElement>(null);
  useOutcomeToast(state, () => ref.current?.reset());
  return (
    <form ref={ref} action={run} className="space-y-2" noValidate>
      <TextArea
        label="Add a comment (markdown)"
        name="body"
        rows={3}
        errors={state && !state.ok ? state.fieldErrors?.body : undefined}
      />
      <SubmitButton variant="secondary" pendingText="Posting…">
        Comment
      </SubmitButton>
    </form>
  );
}

/** Edit and delete controls of one comment, for its author (delete also for admins). */
export function CommentControls({
  body,
  canEdit,
  canDelete,
  onEdit,
  onDelete,
}: {
  body: string;
  canEdit: boolean;
  canDelete: boolean;
  onEdit: (b: string) => Promise<ActionResult<null>>;
  onDelete: () => Promise<ActionResult<null>>;
}) {
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(body);
  const [pending, start] = useTransition();
  if (editing) {
    return (
      <div className="mt-2 space-y-2">
        <textarea
          aria-label="Edit comment"
          className={`${inputClass} font-mono`}
          rows={3}
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <div className="flex gap-2">
          <Button
            disabled={pending}
            onClick={() =>
              start(async () => {
                const r = await onEdit(text);
                if (r.ok) setEditing(false);
                else toast.error(r.error);
              })
            }
          >
            Save
          </Button>
          <Button variant="ghost" onClick={() => setEditing(false)}>
            Cancel
          </Button>
        </div>
      </div>
    );
  }
  return (
    <span className="ml-2 inline-flex gap-2 text-xs">
      {canEdit ? (
        <button
          type="button"
          className="text-muted hover:text-accent"
          onClick={() => setEditing(true)}
        >
          Edit
        </button>
      ) : null}
      {canDelete ? (
        <button
          type="button"
          className="text-muted hover:text-danger"
          disabled={pending}
          onClick={() =>
            start(async () => {
              if (!window.confirm("Delete this comment?")) return;
              const r = await onDelete();
              if (!r.ok) toast.error(r.error);
            })
          }
        >
          Delete
        </button>
      ) : null}
    </span>
  );
}

export function CancelRequestButton({
  onCancel,
}: {
  onCancel: () => Promise<ActionResult<null>>;
}) {
  return (
    <ActionButton
      variant="secondary"
      run={onCancel}
      success={() => "Request cancelled"}
    >
      Cancel request
    </ActionButton>
  );
}

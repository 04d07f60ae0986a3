"use client";
import { useState, useTransition, type ReactNode } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import type { ActionResult } from "@/lib/http/action";

/** Shows the rendered description (children) and, for editors, swaps in a textarea to edit the markdown. */
export function EditableDescription({
  source,
  canEdit,
  save,
  children,
}: {
  source: string;
  canEdit: boolean;
  save: (text: string) => Promise<ActionResult<null>>;
  children: ReactNode;
}) {
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(source);
  const [pending, start] = useTransition();
  if (!editing) {
    return (
      <div className="group relative">
        {source.trim() ? (
          children
        ) : (
          <p className="text-sm text-muted">No description yet.</p>
        )}
        {canEdit ? (
          <Button
            variant="secondary"
            className="mt-3"
            onClick={() => setEditing(true)}
          >
            Edit description
          </Button>
        ) : null}
      </div>
    );
  }
  return (
    <div className="space-y-2">
      <label htmlFor="description-editor" className="text-sm font-medium">
        Description (markdown)
      </label>
      <textarea
        id="description-editor"
        className={`${inputClass} font-mono`}
        rows={8}
        value={text}
        onChange={(e) => setText(e.target.value)}
        autoFocus
      />
      <div className="flex gap-2">
        <Button
          disabled={pending}
          onClick={() =>
            start(async () => {
              const result = await save(text);
              if (result.ok) {
                toast.success("Description saved");
                setEditing(false);
              } else toast.error(result.error);
            })
          }
        >
          {pending ? "Saving…" : "Save"}
        </Button>
        <Button
          variant="ghost"
          disabled={pending}
          onClick={() => {
            setText(source);
            setEditing(false);
          }}
        >
          Cancel
        </Button>
      </div>
    </div>
  );
}

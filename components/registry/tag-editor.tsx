"use client";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import type { ActionResult } from "@/lib/http/action";

type Props = {
  tags: Record<string, string>;
  canEdit: boolean;
  onSet: (key: string, value: string) => Promise<ActionResult<null>>;
  onDelete: (key: string) => Promise<ActionResult<null>>;
};

export function TagEditor({ tags, canEdit, onSet, onDelete }: Props) {
  const [key, setKey] = useState("");
  const [value, setValue] = useState("");
  const [pending, start] = useTransition();
  const entries = Object.entries(tags);
  return (
    <div className="space-y-3">
      {entries.length === 0 ? (
        <p className="text-sm text-muted">No tags.</p>
      ) : null}
      <ul className="flex flex-wrap gap-2" aria-label="Tags">
        {entries.map(([k, v]) => (
          <li
            key={k}
            className="flex items-center gap-1 rounded border border-border bg-background px-2 py-0.5 font-mono text-xs"
          >
            <span>
              {k}={v}
            </span>
            {canEdit ? (
              <button
                type="button"
                aria-label={`Remove tag ${k}`}
                className="ml-1 text-muted hover:text-danger"
                disabled={pending}
                onClick={() =>
                  start(async () => {
                    const r = await onDelete(k);
                    if (!r.ok) toast.error(r.error);
                  })
                }
              >
                ×
              </button>
            ) : null}
          </li>
        ))}
      </ul>
      {canEdit ? (
        <form
          className="flex flex-wrap items-end gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            start(async () => {
              const r = await onSet(key.trim(), value);
              if (r.ok) {
                setKey("");
                setValue("");
                toast.success("Tag saved");
              } else toast.error(r.error);
            });
          }}
        >
          <div>
            <label htmlFor="tag-key" className="block text-xs text-muted">
              Tag key
            </label>
            <input
              id="tag-key"
              className={`${inputClass} w-36`}
              value={key}
              onChange={(e) => setKey(e.target.value)}
              required
            />
          </div>
          <div>
            <label htmlFor="tag-value" className="block text-xs text-muted">
              Tag value
            </label>
            <input
              id="tag-value"
              className={`${inputClass} w-44`}
              value={value}
              onChange={(e) => setValue(e.target.value)}
            />
          </div>
          <Button
            type="submit"
            variant="secondary"
            disabled={pending || !key.trim()}
          >
            Set tag
          </Button>
        </form>
      ) : null}
    </div>
  );
}

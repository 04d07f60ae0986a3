"use client";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import type { ActionResult } from "@/lib/http/action";

type Props = {
  name: string;
  deletable: boolean;
  rename: (newName: string) => Promise<ActionResult<{ name: string }>>;
  remove: () => Promise<ActionResult<null>>;
};

/** Rename and delete, for the model's owner and admins. */
export function ModelAdminActions({ name, deletable, rename, remove }: Props) {
  const [newName, setNewName] = useState(name);
  const [pending, start] = useTransition();
  return (
    <div className="space-y-4">
      <form
        className="flex flex-wrap items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          start(async () => {
            const r = await rename(newName.trim());
            if (r && !r.ok) toast.error(r.error);
          });
        }}
      >
        <div className="min-w-0 flex-1">
          <label htmlFor="rename" className="block text-xs text-muted">
            New name
          </label>
          <input
            id="rename"
            className={inputClass}
            value={newName}
            onChange={(e) => setNewName(e.target.value)}
          />
        </div>
        <Button
          type="submit"
          variant="secondary"
          disabled={pending || newName.trim() === name || !newName.trim()}
        >
          Rename
        </Button>
      </form>
      <div>
        <Button
          variant="danger"
          disabled={pending || !deletable}
          onClick={() =>
            start(async () => {
              if (
                !window.confirm(
                  `Delete model ${name} and all its versions? They disappear from the registry; the audit trail keeps them.`,
                )
              )
                return;
              const r = await remove();
              if (r && !r.ok) toast.error(r.error);
            })
          }
        >
          Delete model
        </Button>
        {!deletable ? (
          <p className="mt-1 text-xs text-muted">
            A model with a version in staging or production cannot be deleted.
          </p>
        ) : null}
      </div>
    </div>
  );
}

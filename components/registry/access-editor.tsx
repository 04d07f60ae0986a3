"use client";
// Who may change a model besides its owner: the owner (or a manager of the model, or an admin)
// grants "edit" (versions, artifacts, requests) or "manage" (also the model and these grants).
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import type { ActionResult } from "@/lib/http/action";

type Grant = {
  user_id: string;
  email: string;
  name: string;
  level: "edit" | "manage";
};

type Props = {
  owner: string | null;
  grants: Grant[];
  canManage: boolean;
  onGrant: (email: string, level: string) => Promise<ActionResult<null>>;
  onRevoke: (userId: string) => Promise<ActionResult<null>>;
};

export function AccessEditor({
  owner,
  grants,
  canManage,
  onGrant,
  onRevoke,
}: Props) {
  const [email, setEmail] = useState("");
  const [level, setLevel] = useState("edit");
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  return (
    <div className="space-y-3 text-sm">
      <ul className="space-y-1" aria-label="Who may change this model">
        <li className="flex justify-between gap-2">
          <span className="min-w-0 break-words">{owner ?? "no owner"}</span>
          <span className="text-muted">owner</span>
        </li>
        {grants.map((g) => (
          <li
            key={g.user_id}
            className="flex items-center justify-between gap-2"
          >
            <span className="min-w-0 break-words" title={g.email}>
              {g.name}
            </span>
            <span className="flex items-center gap-2 text-muted">
              {g.level === "manage" ? "manages" : "edits"}
              {canManage ? (
                <button
                  type="button"
                  aria-label={`Remove ${g.email}'s access`}
                  className="text-muted hover:text-danger"
                  disabled={pending}
                  onClick={() =>
                    start(async () => {
                      const r = await onRevoke(g.user_id);
                      if (r.ok)
                        toast.success(
                          `${g.email} can no longer change this model`,
                        );
                      else toast.error(r.error);
                    })
                  }
                >
                  ×
                </button>
              ) : null}
            </span>
          </li>
        ))}
      </ul>
      <p className="text-xs text-muted">
        Everyone else reads. Admins may change any model; the audit trail says
        when they do.
      </p>
      {canManage ? (
        <form
          className="space-y-2"
          onSubmit={(e) => {
            e.preventDefault();
            start(async () => {
              const r = await onGrant(email.trim(), level);
              if (r.ok) {
                setEmail("");
                setError(null);
                toast.success("Access granted");
              } else {
                setError(r.error);
                toast.error(r.error);
              }
            });
          }}
        >
          <div>
            <label htmlFor="grant-email" className="block text-xs text-muted">
              E-mail of a data scientist
            </label>
            <input
              id="grant-email"
              type="email"
              className={`${inputClass} w-full`}
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? "grant-email-error" : undefined}
              required
            />
            {error ? (
              <p id="grant-email-error" className="mt-1 text-xs text-danger">
                {error}
              </p>
            ) : null}
          </div>
          <div className="flex items-end gap-2">
            <div>
              <label htmlFor="grant-level" className="block text-xs text-muted">
                Access level
              </label>
              <select
                id="grant-level"
                className={inputClass}
                value={level}
                onChange={(e) => setLevel(e.target.value)}
              >
                <option value="edit">edit</option>
                <option value="manage">manage</option>
              </select>
            </div>
            <Button
              type="submit"
              variant="secondary"
              disabled={pending || !email.trim()}
            >
              Grant
            </Button>
          </div>
          <p className="text-xs text-muted">
            Edit: versions, files, aliases and requests. Manage: also the model
            itself and who may change it.
          </p>
        </form>
      ) : null}
    </div>
  );
}

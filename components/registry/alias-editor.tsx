"use client";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import type { ActionResult } from "@/lib/http/action";

type Props = {
  aliases: { alias: string; version: number }[];
  /** The versions to offer, the production version first (what an alias most often should follow). */
  versions: { version: number; stage: string }[];
  /** Aliases that move only through an approved request (the production policy's list). */
  protectedAliases: string[];
  /** Open alias requests of the model, awaiting reviewers. */
  pending: { id: number; alias: string; version: number }[];
  canEdit: boolean;
  onSet: (alias: string, version: string) => Promise<ActionResult<null>>;
  onDelete: (alias: string) => Promise<ActionResult<null>>;
  onRequest: (
    alias: string,
    version: string,
  ) => Promise<ActionResult<{ id: number; status: string }>>;
};

/**
 * Aliases of a model; setting an existing alias moves it to the chosen version in one step. A
 * protected alias shows a lock: the form asks reviewers instead ("Request"), and it cannot be removed here.
 */
export function AliasEditor({
  aliases,
  versions,
  protectedAliases,
  pending: open,
  canEdit,
  onSet,
  onDelete,
  onRequest,
}: Props) {
  const [alias, setAlias] = useState("");
  const [version, setVersion] = useState(String(versions[0]?.version ?? ""));
  const [pending, start] = useTransition();
  const name = alias.trim();
  const locked = protectedAliases.includes(name);
  return (
    <div className="space-y-3">
      {aliases.length === 0 ? (
        <p className="text-sm text-muted">
          No aliases. Point one like champion at a version to let clients follow
          it.
        </p>
      ) : null}
      <ul className="space-y-1" aria-label="Aliases">
        {aliases.map((a) => (
          <li
            key={a.alias}
            className="flex items-center justify-between gap-2 text-sm"
          >
            <span>
              <span className="font-mono">@{a.alias}</span> → v{a.version}
              {protectedAliases.includes(a.alias) ? (
                <LockMark alias={a.alias} />
              ) : null}
            </span>
            {canEdit && !protectedAliases.includes(a.alias) ? (
              <button
                type="button"
                className="text-xs text-muted hover:text-danger"
                aria-label={`Remove alias ${a.alias}`}
                disabled={pending}
                onClick={() =>
                  start(async () => {
                    const r = await onDelete(a.alias);
                    if (!r.ok) toast.error(r.error);
                  })
                }
              >
                Remove
              </button>
            ) : null}
          </li>
        ))}
      </ul>
      {open.length ? (
        <ul
          className="space-y-1 text-xs text-muted"
          aria-label="Alias requests awaiting review"
        >
          {open.map((r) => (
            <li key={r.id}>
              Request #{r.id}: point{" "}
              <span className="font-mono">@{r.alias}</span> at v{r.version},
              awaiting reviewers
            </li>
          ))}
        </ul>
      ) : null}
      {canEdit && versions.length > 0 ? (
        <form
          className="flex flex-wrap items-end gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            start(async () => {
              if (locked) {
                const r = await onRequest(name, version);
                if (!r.ok) toast.error(r.error);
                else {
                  toast.success(
                    r.data.status === "applied"
                      ? `@${name} now points at v${version}`
                      : `Request #${r.data.id} sent to reviewers: point @${name} at v${version}`,
                  );
                  setAlias("");
                }
                return;
              }
              const r = await onSet(name, version);
              if (r.ok) {
                toast.success(`@${name} now points at v${version}`);
                setAlias("");
              } else toast.error(r.error);
            });
          }}
        >
          <div>
            <label htmlFor="alias-name" className="block text-xs text-muted">
              Alias
            </label>
            <input
              id="alias-name"
              className={`${inputClass} w-32`}
              placeholder="challenger"
              list="protected-aliases"
              value={alias}
              onChange={(e) => setAlias(e.target.value)}
              required
            />
            <datalist id="protected-aliases">
              {protectedAliases.map((a) => (
                <option key={a} value={a} />
              ))}
            </datalist>
          </div>
          <div>
            <label htmlFor="alias-version" className="block text-xs text-muted">
              Version
            </label>
            <select
              id="alias-version"
              className={`${inputClass} w-40`}
              value={version}
              onChange={(e) => setVersion(e.target.value)}
            >
              {versions.map((v) => (
                <option key={v.version} value={v.version}>
                  v{v.version}
                  {v.stage === "production"
                    ? " (production)"
                    : v.stage === "staging"
                      ? " (staging)"
                      : ""}
                </option>
              ))}
            </select>
          </div>
          <Button type="submit" variant="secondary" disabled={pending || !name}>
            {locked ? "Request" : "Set alias"}
          </Button>
          {locked ? (
            <p className="w-full text-xs text-muted">
              @{name} is protected: reviewers approve the move under the
              production policy, then it takes effect.
            </p>
          ) : null}
        </form>
      ) : null}
    </div>
  );
}

function LockMark({ alias }: { alias: string }) {
  return (
    <span
      className="ml-1 inline-block align-[-2px] text-muted"
      role="img"
      aria-label={`@${alias} is protected`}
      title="Protected: moves only through an approved request"
    >
      <svg
        width="12"
        height="12"
        viewBox="0 0 16 16"
        fill="currentColor"
        aria-hidden="true"
      >
        <path d="M8 1a3.5 3.5 0 0 0-3.5 3.5V7H4a1 1 0 0 0-1 1v6a1 1 0 0 0 1 1h8a1 1 0 0 0 1-1V8a1 1 0 0 0-1-1h-.5V4.5A3.5 3.5 0 0 0 8 1Zm2 6H6V4.5a2 2 0 1 1 4 0V7Z" />
      </svg>
    </span>
  );
}

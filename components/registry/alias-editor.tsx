"use client";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import type { ActionResult } from "@/lib/http/action";

type Props = {
  aliases: { alias: string; version: number }[];
  versions: number[];
  canEdit: boolean;
  onSet: (alias: string, version: string) => Promise<ActionResult<null>>;
  onDelete: (alias: string) => Promise<ActionResult<null>>;
};

/** Aliases of a model; setting an existing alias moves it to the chosen version in one step. */
export function AliasEditor({ aliases, versions, canEdit, onSet, onDelete }: Props) {
  const [alias, setAlias] = useState("");
  const [version, setVersion] = useState(String(versions[0] ?? ""));
  const [pending, start] = useTransition();
  return (
    <div className="space-y-3">
      {aliases.length === 0 ? <p className="text-sm text-muted">No aliases. Point one like champion at a version to let clients follow it.</p> : null}
      <ul className="space-y-1" aria-label="Aliases">
        {aliases.map((a) => (
          <li key={a.alias} className="flex items-center justify-between gap-2 text-sm">
            <span>
              <span className="font-mono">@{a.alias}</span> → v{a.version}
            </span>
            {canEdit ? (
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
      {canEdit && versions.length > 0 ? (
        <form
          className="flex flex-wrap items-end gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            start(async () => {
              const r = await onSet(alias.trim(), version);
              if (r.ok) {
                toast.success(`@${alias.trim()} now points at v${version}`);
                setAlias("");
              } else toast.error(r.error);
            });
          }}
        >
          <div>
            <label htmlFor="alias-name" className="block text-xs text-muted">
              Alias
            </label>
            <input id="alias-name" className={`${inputClass} w-32`} placeholder="champion" value={alias} onChange={(e) => setAlias(e.target.value)} required />
          </div>
          <div>
            <label htmlFor="alias-version" className="block text-xs text-muted">
              Version
            </label>
            <select id="alias-version" className={`${inputClass} w-24`} value={version} onChange={(e) => setVersion(e.target.value)}>
              {versions.map((v) => (
                <option key={v} value={v}>
                  v{v}
                </option>
              ))}
            </select>
          </div>
          <Button type="submit" variant="secondary" disabled={pending || !alias.trim()}>
            Set alias
          </Button>
        </form>
      ) : null}
    </div>
  );
}

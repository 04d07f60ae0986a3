"use client";
import { useId, useState } from "react";
import { ActionButton } from "@/components/ui/action-button";
import type { ActionResult, FormAction } from "@/lib/http/action";
import { AlertRuleForm, type RuleValues } from "./alert-rule-form";

/** How long a silence lasts, in minutes (the service refuses more than 30 days). */
const DURATIONS = [
  [60, "1 hour"],
  [240, "4 hours"],
  [1440, "1 day"],
  [10_080, "1 week"],
] as const;

/**
 * What a permitted role may do with one rule: silence it for a while (or end the silence), pause
 * or resume it, and edit its fields in place.
 */
export function AlertRuleControls({
  ruleName,
  silenced,
  active,
  initial,
  silence,
  unsilence,
  setActive,
  update,
  idPrefix,
}: {
  ruleName: string;
  silenced: boolean;
  active: boolean;
  initial: RuleValues;
  silence: (minutes: number) => Promise<ActionResult<null>>;
  unsilence: () => Promise<ActionResult<null>>;
  setActive: (active: boolean) => Promise<ActionResult<null>>;
  update: FormAction<{ id: number }>;
  idPrefix: string;
}) {
  const [minutes, setMinutes] = useState<number>(DURATIONS[0][0]);
  const [editing, setEditing] = useState(false);
  const selectId = useId();
  const label = DURATIONS.find(([m]) => m === minutes)?.[1] ?? "";
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-2">
        {silenced ? (
          <ActionButton
            variant="secondary"
            run={unsilence}
            success={() => `${ruleName} is no longer silenced`}
            pendingText="Unsilencing…"
          >
            Unsilence
          </ActionButton>
        ) : (
          <>
            <label htmlFor={selectId} className="text-sm text-muted">
              <span className="sr-only">Silence {ruleName} for</span>
              <span aria-hidden="true">Silence for</span>
            </label>
            <select
              id={selectId}
              className="rounded-md border border-border bg-surface px-2 py-1.5 text-sm shadow-xs"
              value={minutes}
              onChange={(e) => setMinutes(Number(e.target.value))}
            >
              {DURATIONS.map(([m, text]) => (
                <option key={m} value={m}>
                  {text}
                </option>
              ))}
            </select>
            <ActionButton
              variant="secondary"
              run={() => silence(minutes)}
              success={() => `${ruleName} silenced for ${label}`}
              pendingText="Silencing…"
              aria-label={`Silence ${ruleName} for ${label}`}
            >
              Silence
            </ActionButton>
          </>
        )}
        <ActionButton
          variant="ghost"
          run={() => setActive(!active)}
          success={() => `${ruleName} ${active ? "paused" : "resumed"}`}
        >
          {active ? "Pause" : "Resume"}
        </ActionButton>
        <button
          type="button"
          className="text-sm text-accent underline"
          aria-expanded={editing}
          aria-label={`${editing ? "Close editor of" : "Edit"} ${ruleName}`}
          onClick={() => setEditing((e) => !e)}
        >
          {editing ? "Close editor" : "Edit"}
        </button>
      </div>
      {editing ? (
        <div className="rounded-md border border-border bg-background p-3">
          <AlertRuleForm
            action={update}
            initial={initial}
            idPrefix={idPrefix}
            submitLabel="Save rule"
            withScope={false}
            onDone={() => setEditing(false)}
          />
        </div>
      ) : null}
    </div>
  );
}

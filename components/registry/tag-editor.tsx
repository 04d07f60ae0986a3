"use client";
import { useRef, useState, useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import type { FieldErrors } from "@/lib/errors";
import type { ActionResult } from "@/lib/http/action";

type Props = {
  tags: Record<string, string>;
  canEdit: boolean;
  onSet: (key: string, value: string) => Promise<ActionResult<null>>;
  onDelete: (key: string) => Promise<ActionResult<null>>;
  /** Distinct per editor on a page (the model's and a version's), so each label finds its input. */
  idPrefix?: string;
};

/**
 * Key/value tags as MLflow keeps them: setting a key that exists replaces its value (Edit fills
 * the form with it), a bad key or value is named under its field and changes nothing.
 */
export function TagEditor({
  tags,
  canEdit,
  onSet,
  onDelete,
  idPrefix = "tag",
}: Props) {
  const [key, setKey] = useState("");
  const [value, setValue] = useState("");
  const [errors, setErrors] = useState<FieldErrors | undefined>();
  const [pending, start] = useTransition();
  const valueInput = useRef<HTMLInputElement>(null);
  const entries = Object.entries(tags);
  const editing = key.trim() !== "" && key.trim() in tags;
  const keyError = errors?.key;
  const valueError = errors?.value;
  return (
    <div className="space-y-3">
      {entries.length === 0 ? (
        <p className="text-sm text-muted">No tags.</p>
      ) : null}
      <ul className="flex flex-wrap gap-2" aria-label="Tags">
        {entries.map(([k, v]) => (
          <li
            key={k}
            className="flex max-w-full min-w-0 items-center gap-1 rounded border border-border bg-background px-2 py-0.5 font-mono text-xs"
          >
            <span className="min-w-0 break-all">
              {k}={v}
            </span>
            {canEdit ? (
              <>
                <button
                  type="button"
                  aria-label={`Edit tag ${k}`}
                  className="ml-1 font-sans text-accent hover:underline"
                  disabled={pending}
                  onClick={() => {
                    setKey(k);
                    setValue(v);
                    setErrors(undefined);
                    valueInput.current?.focus();
                  }}
                >
                  edit
                </button>
                <button
                  type="button"
                  aria-label={`Remove tag ${k}`}
                  className="ml-1 text-muted hover:text-danger"
                  disabled={pending}
                  onClick={() =>
                    start(async () => {
                      const r = await onDelete(k);
                      if (r.ok) toast.success(`Tag ${k} removed`);
                      else toast.error(r.error);
                    })
                  }
                >
                  ×
                </button>
              </>
            ) : null}
          </li>
        ))}
      </ul>
      {canEdit ? (
        <form
          className="flex flex-wrap items-start gap-2"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            start(async () => {
              const r = await onSet(key.trim(), value);
              if (r.ok) {
                setKey("");
                setValue("");
                setErrors(undefined);
                toast.success(editing ? "Tag updated" : "Tag saved");
              } else {
                setErrors(r.fieldErrors);
                toast.error(r.error);
              }
            });
          }}
        >
          <div className="min-w-0">
            <label
              htmlFor={`${idPrefix}-key`}
              className="block text-xs text-muted"
            >
              Tag key
            </label>
            <input
              id={`${idPrefix}-key`}
              className={`${inputClass} w-36`}
              value={key}
              onChange={(e) => setKey(e.target.value)}
              aria-invalid={keyError ? true : undefined}
              aria-describedby={keyError ? `${idPrefix}-key-error` : undefined}
              required
            />
            {keyError ? (
              <p
                id={`${idPrefix}-key-error`}
                className="mt-1 max-w-36 text-xs text-danger"
              >
                {keyError.join(" ")}
              </p>
            ) : null}
          </div>
          <div className="min-w-0">
            <label
              htmlFor={`${idPrefix}-value`}
              className="block text-xs text-muted"
            >
              Tag value
            </label>
            <input
              ref={valueInput}
              id={`${idPrefix}-value`}
              className={`${inputClass} w-44`}
              value={value}
              onChange={(e) => setValue(e.target.value)}
              aria-invalid={valueError ? true : undefined}
              aria-describedby={
                valueError ? `${idPrefix}-value-error` : undefined
              }
            />
            {valueError ? (
              <p
                id={`${idPrefix}-value-error`}
                className="mt-1 max-w-44 text-xs text-danger"
              >
                {valueError.join(" ")}
              </p>
            ) : null}
          </div>
          <Button
            type="submit"
            variant="secondary"
            className="mt-4"
            disabled={pending || !key.trim()}
          >
            Set tag
          </Button>
        </form>
      ) : null}
    </div>
  );
}

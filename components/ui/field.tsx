import clsx from "clsx";
import type {
  InputHTMLAttributes,
  ReactNode,
  SelectHTMLAttributes,
  TextareaHTMLAttributes,
} from "react";

type Common = {
  label: string;
  name: string;
  errors?: string[];
  hint?: ReactNode;
};

export const inputClass =
  "block w-full rounded-md border border-border bg-surface px-3 py-1.5 text-sm shadow-xs placeholder:text-muted/70 aria-[invalid=true]:border-danger";

/** A labelled input whose error and hint are linked with aria-describedby. */
export function Field({
  label,
  name,
  errors,
  hint,
  className,
  ...props
}: Common & InputHTMLAttributes<HTMLInputElement>) {
  const id = props.id ?? `field-${name}`;
  const describedBy =
    [errors?.length ? `${id}-error` : null, hint ? `${id}-hint` : null]
      .filter(Boolean)
      .join(" ") || undefined;
  return (
    <Labelled {...{ id, label, hint, errors, className }}>
      <input
        {...linked(id, name, errors, describedBy)}
        className={inputClass}
        {...props}
      />
    </Labelled>
  );
}

export function SelectField({
  label,
  name,
  errors,
  hint,
  className,
  children,
  ...props
}: Common & SelectHTMLAttributes<HTMLSelectElement>) {
  const id = props.id ?? `field-${name}`;
  const describedBy = errors?.length ? `${id}-error` : undefined;
  return (
    <Labelled {...{ id, label, hint, errors, className }} hintId={false}>
      <select
        {...linked(id, name, errors, describedBy)}
        className={inputClass}
        {...props}
      >
        {children}
      </select>
    </Labelled>
  );
}

/** A labelled textarea, errors linked like Field's. */
export function TextArea({
  label,
  name,
  errors,
  hint,
  ...props
}: {
  label: string;
  name: string;
  errors?: string[];
  hint?: string;
} & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const id = props.id ?? `field-${name}`;
  return (
    <Labelled id={id} label={label} hint={hint} errors={errors}>
      <textarea
        id={id}
        name={name}
        className={`${inputClass} font-mono`}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={
          errors?.length ? `${id}-error` : hint ? `${id}-hint` : undefined
        }
        {...props}
      />
    </Labelled>
  );
}

/** The control's own attributes: its id and name, and the links to its error and hint. */
function linked(
  id: string,
  name: string,
  errors: string[] | undefined,
  describedBy: string | undefined,
) {
  return {
    id,
    name,
    "aria-invalid": errors?.length ? true : undefined,
    "aria-describedby": describedBy,
  };
}

/** The frame every field shares: its label, then the control, its hint and its errors (the ids
 *  `${id}-hint` and `${id}-error` are what the control's aria-describedby points at). */
function Labelled({
  id,
  label,
  hint,
  hintId = true,
  errors,
  className,
  children,
}: {
  id: string;
  label: string;
  hint?: ReactNode;
  /** The select's hint has no id: nothing points at it. */
  hintId?: boolean;
  errors?: string[];
  className?: string;
  children: ReactNode;
}) {
  return (
    <div className={clsx("space-y-1", className)}>
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      {children}
      {hint ? (
        <p
          id={hintId ? `${id}-hint` : undefined}
          className="text-xs text-muted"
        >
          {hint}
        </p>
      ) : null}
      {errors?.length ? (
        <p id={`${id}-error`} className="text-xs text-danger">
          {errors.join(" ")}
        </p>
      ) : null}
    </div>
  );
}

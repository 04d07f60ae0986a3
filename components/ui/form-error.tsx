import type { ActionResult } from "@/lib/http/action";

/** A form's failure, announced. Forms whose fields show their own errors pass `besideFieldErrors`
 *  false: the message then appears only when no field carries the error. */
export function FormError({
  state,
  besideFieldErrors = true,
  testId,
}: {
  state: ActionResult<unknown> | null;
  besideFieldErrors?: boolean;
  /** `form-error` where the end-to-end tests read the message. */
  testId?: string;
}) {
  if (!state || state.ok || (!besideFieldErrors && state.fieldErrors))
    return null;
  return (
    <p role="alert" data-testid={testId} className="text-sm text-danger">
      {state.error}
    </p>
  );
}

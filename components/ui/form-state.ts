import type { FieldErrors } from "@/lib/errors";
import type { ActionResult } from "@/lib/http/action";

/** What a failed form action answered: its field errors and the submitted values, to show again
 *  (React resets a form after its action runs). Both are undefined before a submit and after a
 *  success. */
export function failedForm(state: ActionResult<unknown> | null): {
  errors: FieldErrors | undefined;
  values: Record<string, string> | undefined;
} {
  return state && !state.ok
    ? { errors: state.fieldErrors, values: state.values }
    : { errors: undefined, values: undefined };
}

/** The errors of a field and of its parts (`params` and `params.lr`): a textarea of key=value
 *  lines shows them together. */
export function errorsUnder(
  errors: FieldErrors | undefined,
  prefix: string,
): string[] | undefined {
  return errors
    ? Object.entries(errors)
        .filter(([k]) => k === prefix || k.startsWith(`${prefix}.`))
        .flatMap(([, m]) => m)
    : undefined;
}

import { useActionState, useEffect } from "react";
import { toast } from "sonner";
import type { ActionResult, FormAction } from "@/lib/http/action";

/** Announces each answer of a form's action once: a failure as an error toast, a success through
 *  `onSuccess` (a toast of its own, resetting the form). */
export function useOutcomeToast<T>(
  state: ActionResult<T> | null,
  onSuccess: (data: T) => void,
): void {
  useEffect(() => {
    if (state?.ok) onSuccess(state.data);
    else if (state && !state.ok) toast.error(state.error);
    // Once per answer: onSuccess is a new function on every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [state]);
}

/** A form's action state whose outcome toast is raised as the answer arrives, not after the next
 *  render: for forms that their own success removes from the page (a retirement request hides the
 *  request form), where an effect of the unmounted form would never run. */
export function useToastedAction<T>(
  action: FormAction<T>,
  success: (data: T) => string,
) {
  return useActionState<ActionResult<T> | null, FormData>(
    async (prev, form) => {
      const result = await action(prev, form);
      if (result.ok) toast.success(success(result.data));
      else toast.error(result.error);
      return result;
    },
    null,
  );
}

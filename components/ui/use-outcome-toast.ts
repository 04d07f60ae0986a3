import { useEffect } from "react";
import { toast } from "sonner";
import type { ActionResult } from "@/lib/http/action";

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

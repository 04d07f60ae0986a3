// What a worker task hands back: its value, or the DomainError it threw as plain data. Errors do
// not cross a thread boundary as themselves (structured clone keeps only a message), so a refusal
// computed in a worker is rebuilt on the calling side with its code, message and field details.
import { DomainError, type ErrorCode } from "@/lib/errors";

export type TaskOutcome<T> =
  | { ok: true; value: T }
  | {
      ok: false;
      error: {
        code: ErrorCode;
        message: string;
        details?: DomainError["details"];
      };
    };

/** Runs `fn`, turning a DomainError into data; any other error is a fault and propagates. */
export function outcomeOf<T>(fn: () => T): TaskOutcome<T> {
  try {
    return { ok: true, value: fn() };
  } catch (error) {
    return refusalOf(error);
  }
}

/** outcomeOf for a task that awaits (a model run). */
export async function outcomeOfAsync<T>(
  fn: () => Promise<T>,
): Promise<TaskOutcome<T>> {
  try {
    return { ok: true, value: await fn() };
  } catch (error) {
    return refusalOf(error);
  }
}

export function unwrap<T>(outcome: TaskOutcome<T>): T {
  if (outcome.ok) return outcome.value;
  throw new DomainError(
    outcome.error.code,
    outcome.error.message,
    outcome.error.details,
  );
}

/** A DomainError as data; any other error is a fault and is thrown again. */
function refusalOf(error: unknown): TaskOutcome<never> {
  if (error instanceof DomainError)
    return {
      ok: false,
      error: {
        code: error.code,
        message: error.message,
        details: error.details,
      },
    };
  throw error;
}

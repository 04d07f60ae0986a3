import type { ReactNode } from "react";

/** What a form just made that the user needs now (a secret shown once, a fingerprint), announced. */
export function SuccessNote({ children }: { children: ReactNode }) {
  return (
    <div
      role="status"
      className="rounded-md border border-success/30 bg-success/5 p-3 text-sm"
    >
      {children}
    </div>
  );
}

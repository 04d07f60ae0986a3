"use client";
import { useTransition, type ButtonHTMLAttributes } from "react";
import { toast } from "sonner";
import type { ActionResult } from "@/lib/http/action";
import { Button } from "./button";

/** A button that runs one server action: disabled while it runs, after a confirm when `confirm`
 *  asks one, and its outcome as a toast (`success` says what was done). */
export function ActionButton<T>({
  run,
  confirm,
  success,
  pendingText,
  disabled,
  children,
  ...props
}: Omit<ButtonHTMLAttributes<HTMLButtonElement>, "onClick"> & {
  variant?: "primary" | "secondary" | "danger" | "ghost";
  run: () => Promise<ActionResult<T>>;
  confirm?: string;
  success: (data: T) => string;
  pendingText?: string;
}) {
  const [pending, start] = useTransition();
  return (
    <Button
      {...props}
      disabled={pending || disabled}
      onClick={() =>
        start(async () => {
          if (confirm !== undefined && !window.confirm(confirm)) return;
          const r = await run();
          if (r.ok) toast.success(success(r.data));
          else toast.error(r.error);
        })
      }
    >
      {pending && pendingText !== undefined ? pendingText : children}
    </Button>
  );
}

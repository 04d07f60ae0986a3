"use client";
import { useFormStatus } from "react-dom";
import type { ButtonHTMLAttributes } from "react";
import { Button } from "./button";

/** A submit button that disables itself while its form's action is pending. */
export function SubmitButton({
  children,
  pendingText,
  ...props
}: ButtonHTMLAttributes<HTMLButtonElement> & {
  pendingText?: string;
  variant?: "primary" | "secondary" | "danger" | "ghost";
}) {
  const { pending } = useFormStatus();
  return (
    <Button
      type="submit"
      disabled={pending || props.disabled}
      aria-busy={pending}
      {...props}
    >
      {pending ? (pendingText ?? "Working…") : children}
    </Button>
  );
}

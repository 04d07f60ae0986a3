"use client";
import { ErrorPanel } from "@/components/ui/error-panel";

export default function AppError({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <ErrorPanel
      title="This page could not be loaded"
      error={error}
      reset={reset}
      back={{ href: "/", label: "Back to the dashboard" }}
    />
  );
}

"use client";
import { ErrorPanel } from "@/components/ui/error-panel";

// Inside the models section: the rest of the app (navigation, other sections) stays usable.
export default function ModelsError({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <ErrorPanel
      title="This model page could not be loaded"
      error={error}
      reset={reset}
      back={{ href: "/models", label: "All models" }}
    />
  );
}

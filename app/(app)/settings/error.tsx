"use client";
import { ErrorPanel } from "@/components/ui/error-panel";

// Below the settings layout, so the settings tabs stay on screen.
export default function SettingsError({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <ErrorPanel
      title="This settings page could not be loaded"
      error={error}
      reset={reset}
    />
  );
}

"use client";
import { ErrorPanel } from "@/components/ui/error-panel";

export default function MonitoringError({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <ErrorPanel
      title="Monitoring could not be loaded"
      error={error}
      reset={reset}
      back={{ href: "/monitoring", label: "All deployments" }}
    />
  );
}

"use client";
import { Button } from "@/components/ui/button";

export default function AppError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div role="alert" className="rounded-lg border border-danger/30 bg-surface p-6">
      <h1 className="font-semibold">This page could not be loaded</h1>
      <p className="mt-1 text-sm text-muted">
        Something went wrong on the server{error.digest ? ` (reference ${error.digest})` : ""}. Try again; if it keeps happening, tell an admin.
      </p>
      <Button className="mt-4" onClick={reset}>
        Try again
      </Button>
    </div>
  );
}

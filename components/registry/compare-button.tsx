"use client";
import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";

/** Submits the versions form; enabled once two or more versions are ticked. */
export function CompareButton({ formId }: { formId: string }) {
  const [count, setCount] = useState(0);
  useEffect(() => {
    const form = document.getElementById(formId);
    if (!(form instanceof HTMLFormElement)) return;
    const update = () =>
      setCount(form.querySelectorAll('input[name="v"]:checked').length);
    update();
    form.addEventListener("change", update);
    return () => form.removeEventListener("change", update);
  }, [formId]);
  return (
    <div className="flex items-center justify-between gap-2">
      <p className="text-xs text-muted" aria-live="polite">
        {count
          ? `${count} selected`
          : "Select two or more versions to compare them."}
      </p>
      <Button
        type="submit"
        form={formId}
        variant="secondary"
        disabled={count < 2}
      >
        Compare{count >= 2 ? ` (${count})` : ""}
      </Button>
    </div>
  );
}

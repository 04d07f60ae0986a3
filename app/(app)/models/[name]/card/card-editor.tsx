"use client";
import { useActionState, useEffect } from "react";
import { toast } from "sonner";
import { TextArea } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import type { ActionResult } from "@/lib/http/action";

type Section = { key: string; title: string; text: string };

export function CardEditor({
  sections,
  action,
}: {
  sections: Section[];
  action: (
    prev: ActionResult<null> | null,
    form: FormData,
  ) => Promise<ActionResult<null>>;
}) {
  const [state, run] = useActionState(action, null);
  useEffect(() => {
    if (state?.ok) toast.success("Model card saved");
    else if (state && !state.ok) toast.error(state.error);
  }, [state]);
  return (
    <form action={run} className="space-y-4 print:hidden" noValidate>
      {sections.map((s) => (
        <TextArea
          key={s.key}
          id={`card-${s.key}`}
          label={s.title}
          name={s.key}
          rows={3}
          defaultValue={s.text}
        />
      ))}
      <SubmitButton pendingText="Saving…">Save model card</SubmitButton>
    </form>
  );
}

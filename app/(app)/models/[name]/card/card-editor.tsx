"use client";
import { useActionState } from "react";
import { toast } from "sonner";
import { TextArea } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { useOutcomeToast } from "@/components/ui/use-outcome-toast";
import type { FormAction } from "@/lib/http/action";

type Section = { key: string; title: string; text: string };

export function CardEditor({
  sections,
  action,
}: {
  sections: Section[];
  action: FormAction<null>;
}) {
  const [state, run] = useActionState(action, null);
  useOutcomeToast(state, () => toast.success("Model card saved"));
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

"use client";
// The reviewer's decision on one request: a comment box that opens on Approve (optional comment)
// or Reject (a reason is required), then one button to send it. The j/k/a/r keys of the inbox open
// the same box, so a decision by key takes the same two steps as one by mouse.
import { useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";

export type Decision = "approve" | "reject";

export function DecisionForm({
  requestId,
  decision,
  onSubmit,
  onCancel,
}: {
  requestId: number;
  decision: Decision;
  onSubmit: (comment: string) => void;
  onCancel: () => void;
}) {
  const [comment, setComment] = useState("");
  const [error, setError] = useState<string | null>(null);
  const approving = decision === "approve";
  const id = `decision-${requestId}`;
  // Opened by a key on a card near the bottom of the window: bring its send button into view too.
  const form = useRef<HTMLFormElement>(null);
  // (A block body: newer Chromium's scrollIntoView returns a promise, which React would take for
  // the effect's cleanup and call.)
  useEffect(() => {
    form.current?.scrollIntoView({ block: "nearest" });
  }, []);
  const send = () => {
    if (!approving && !comment.trim()) {
      setError("Reason: say why you reject it (the requester reads this).");
      return;
    }
    onSubmit(comment.trim());
  };
  return (
    <form
      ref={form}
      className="w-full space-y-2"
      aria-label={approving ? "Approve with a comment" : "Reject with a reason"}
      onSubmit={(e) => {
        e.preventDefault();
        send();
      }}
    >
      <label htmlFor={id} className="block text-xs font-medium">
        {approving ? "Comment (optional)" : "Why reject? (required)"}
      </label>
      <textarea
        id={id}
        className={inputClass}
        rows={2}
        value={comment}
        maxLength={10_000}
        // Focused on open: pressing a or r lands here, and Enter sends.
        autoFocus
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error ${id}-hint` : `${id}-hint`}
        onChange={(e) => {
          setComment(e.target.value);
          setError(null);
        }}
        onKeyDown={(e) => {
          if (e.key === "Escape") {
            e.preventDefault();
            onCancel();
          } else if (
            e.key === "Enter" &&
            !e.shiftKey &&
            !e.nativeEvent.isComposing
          ) {
            e.preventDefault();
            send();
          }
        }}
      />
      <p id={`${id}-hint`} className="text-xs text-muted">
        Enter sends, Shift+Enter starts a new line, Esc cancels. Shown in the
        request&apos;s history.
      </p>
      {error ? (
        <p id={`${id}-error`} className="text-xs text-danger">
          {error}
        </p>
      ) : null}
      <div className="flex flex-wrap gap-2">
        <Button type="submit" variant={approving ? "primary" : "danger"}>
          {approving ? "Confirm approval" : "Reject request"}
        </Button>
        <Button variant="ghost" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

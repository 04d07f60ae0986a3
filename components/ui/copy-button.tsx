"use client";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "./button";

/** Copies `text` to the clipboard and says so (in the button and a toast), or says it could not. */
export function CopyButton({
  text,
  label = "Copy",
}: {
  text: string;
  label?: string;
}) {
  const [copied, setCopied] = useState(false);
  return (
    <Button
      type="button"
      variant="secondary"
      onClick={async () => {
        try {
          await navigator.clipboard.writeText(text);
          setCopied(true);
          toast.success("Copied to the clipboard");
        } catch {
          // No clipboard (an insecure origin, a refused permission): the text stays selectable.
          toast.error("Could not copy: select the text and copy it yourself");
        }
      }}
    >
      {copied ? "Copied" : label}
    </Button>
  );
}

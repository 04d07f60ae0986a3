"use client";
// The inbox's keyboard: j/k move focus to the next/previous request card, a/r open the focused
// card's approve/reject box. Keys are ignored while typing in a field or with a modifier held, so
// they never eat a letter of a comment or a browser shortcut.
import { useEffect, useRef, type RefObject } from "react";
import type { Decision } from "./decision-form";

const CARD = "[data-request-card]";

export function useReviewKeys(
  list: RefObject<HTMLElement | null>,
  onDecision: (requestId: number, decision: Decision) => void,
  onNoCard: () => void,
) {
  // Kept in a ref so the listener is added once and still calls the latest handler.
  const handler = useRef({ onDecision, onNoCard });
  useEffect(() => {
    handler.current = { onDecision, onNoCard };
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
      if (isTyping(e.target)) return;
      const root = list.current;
      if (!root) return;
      const cards = [...root.querySelectorAll<HTMLElement>(CARD)];
      const current = cards.findIndex((c) =>
        c.contains(document.activeElement),
      );
      if (e.key === "j" || e.key === "k") {
        if (cards.length === 0) return;
        e.preventDefault();
        const next =
          current === -1
            ? 0
            : e.key === "j"
              ? Math.min(current + 1, cards.length - 1)
              : Math.max(current - 1, 0);
        focusCard(cards[next]);
      } else if (e.key === "a" || e.key === "r") {
        e.preventDefault();
        const card = cards[current];
        if (!card) return handler.current.onNoCard();
        handler.current.onDecision(
          Number(card.dataset.requestCard),
          e.key === "a" ? "approve" : "reject",
        );
      }
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [list]);
}

/** Focuses a card and brings it into view (a card taller than the window shows its top). */
export function focusCard(card: HTMLElement | undefined) {
  if (!card) return;
  card.focus({ preventScroll: true });
  card.scrollIntoView({ block: "nearest" });
}

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (
    target instanceof HTMLTextAreaElement ||
    target instanceof HTMLSelectElement
  )
    return true;
  // Checkboxes and buttons take no text: the keys work while one of them has focus.
  return (
    target instanceof HTMLInputElement &&
    !["checkbox", "radio", "button", "submit", "reset"].includes(target.type)
  );
}

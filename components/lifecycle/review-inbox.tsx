"use client";
// The reviewer's inbox: open requests polled live, with approve/reject in place (optimistic, rolled
// back on refusal, sent through the REST API and so the same lib/ service), each request's
// evidence on its card, and j/k/a/r keys to work through the list.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { toast } from "sonner";
import { subjectLabel } from "@/components/retirement/retirement-details";
import { apiFetch } from "@/lib/api/client-fetch";
import { formatDate } from "@/lib/format";
import type { RequestDto } from "@/lib/lifecycle/request-dto";
import { inboxSummaryQuery, openRequestsQuery } from "@/lib/queries/options";
import type { Decision } from "./decision-form";
import {
  approvalBlocked,
  cannotDecide,
  RequestCard,
  type Me,
} from "./request-card";
import { focusCard, useReviewKeys } from "./use-review-keys";

const KEY = openRequestsQuery().queryKey;

/** The reviewer inbox: refreshes on its own; approving updates at once and rolls back if refused. */
export function ReviewInbox({ me }: { me: Me }) {
  const qc = useQueryClient();
  // Prefetched by the page and hydrated, so the list is there on the first render.
  const { data: requests } = useQuery(openRequestsQuery());
  // One count on the screen: the sidebar's badge (the inbox summary) and this list poll apart, so
  // each one's news sets the other moving at once instead of at its own next poll.
  const { data: summary } = useQuery(inboxSummaryQuery());
  const badge = summary?.open_requests;
  useEffect(() => {
    if (badge != null && requests && badge !== requests.length)
      void qc.invalidateQueries({ queryKey: KEY });
    // Only when the badge moves: the list's own changes are handled below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [badge]);
  useEffect(() => {
    // The list stops at the API's first 100; past that only the badge knows the count.
    if (!requests || requests.length >= 100) return;
    qc.setQueryData(inboxSummaryQuery().queryKey, (s) =>
      s && s.open_requests !== null && s.open_requests !== requests.length
        ? { ...s, open_requests: requests.length }
        : s,
    );
  }, [requests, qc]);

  const decide = useMutation({
    mutationFn: ({
      id,
      decision,
      comment,
    }: {
      id: number;
      decision: "approve" | "reject";
      comment?: string;
    }) =>
      apiFetch<RequestDto>(`/api/v1/transition-requests/${id}/${decision}`, {
        method: "POST",
        body: JSON.stringify({ comment: comment ?? "" }),
      }),
    onMutate: async ({ id, decision, comment }) => {
      await qc.cancelQueries({ queryKey: KEY });
      const before = qc.getQueryData(KEY);
      qc.setQueryData(KEY, (list = []) =>
        list.flatMap((r) => {
          if (r.id !== id) return [r];
          if (decision === "reject") return [];
          const approvals = r.approvals + 1;
          if (approvals >= r.required_approvals) return [];
          return [
            {
              ...r,
              approvals,
              reviews: [
                ...r.reviews,
                {
                  reviewer: me.name,
                  reviewer_id: me.id,
                  decision,
                  comment: comment ?? "",
                  created_at: Date.now(),
                  current: true,
                },
              ],
            },
          ];
        }),
      );
      return { before };
    },
    onError: (error, vars, ctx) => {
      if (ctx?.before) qc.setQueryData(KEY, ctx.before);
      toast.error(`Request #${vars.id}: ${error.message}`);
    },
    onSuccess: (result) => {
      const applied = result.retirement
        ? `${subjectLabel(result)} is deprecated until its sunset on ${formatDate(result.retirement.sunset_at)}`
        : result.kind === "alias"
          ? `@${result.alias} of ${result.model} now points at v${result.version}`
          : `${subjectLabel(result)} is now in ${result.to_stage}`;
      toast.success(
        result.status === "applied"
          ? applied
          : result.status === "rejected"
            ? `Request #${result.id} rejected`
            : `Approved (${result.approvals}/${result.required_approvals})`,
      );
    },
    onSettled: (_data, _error, vars) => {
      // The card stays (a partial approval, a refusal): focus may rest on it from now on.
      if (refocus.current?.id === vars.id) refocus.current.wait = false;
      void qc.invalidateQueries({ queryKey: KEY });
      void qc.invalidateQueries({ queryKey: inboxSummaryQuery().queryKey });
    },
  });

  // One decision box open at a time, on the card the mouse or the a/r key chose.
  const [open, setOpen] = useState<{ id: number; decision: Decision } | null>(
    null,
  );
  const list = useRef<HTMLUListElement>(null);
  // After a decision or a cancel the box (and maybe the card) is gone and focus with it: it goes
  // back to the card, or to the one now at its place once it leaves, so j/k/a/r carry on there.
  const refocus = useRef<{ id: number; index: number; wait: boolean } | null>(
    null,
  );
  const cardsNow = () => [
    ...(list.current?.querySelectorAll<HTMLElement>("[data-request-card]") ??
      []),
  ];
  /** `wait`: a decision was sent, and the card may leave once the answer (or the optimistic
   *  update) comes; until then focus stays on it. */
  const closeBox = (id: number, wait = false) => {
    const index = cardsNow().findIndex(
      (c) => c.dataset.requestCard === `${id}`,
    );
    refocus.current = { id, index: Math.max(index, 0), wait };
    setOpen(null);
  };
  useEffect(() => {
    const want = refocus.current;
    const root = list.current;
    if (!want || !root) return;
    const active = document.activeElement;
    // Focus moved elsewhere meanwhile (a click, a Tab): leave it there.
    if (active && active !== document.body && !root.contains(active)) {
      refocus.current = null;
      return;
    }
    const cards = cardsNow();
    const same = cards.find((c) => c.dataset.requestCard === `${want.id}`);
    if (same) {
      if (!root.contains(active)) focusCard(same);
      if (!want.wait) refocus.current = null;
      return;
    }
    refocus.current = null;
    focusCard(cards[Math.min(want.index, cards.length - 1)]);
  }, [requests, open]);
  // A link to /reviews#request-12 (from a version page or a notification) makes that card the
  // current one, so the keys start from it.
  useEffect(() => {
    const id = /^#request-(\d+)$/.exec(window.location.hash)?.[1];
    if (id) focusCard(cardsNow().find((c) => c.dataset.requestCard === id));
    // Once, on arrival.
  }, []);
  useReviewKeys(
    list,
    (id, decision) => {
      const r = requests?.find((x) => x.id === id);
      if (!r) return;
      const refusal =
        cannotDecide(r, me) ??
        (decision === "approve" ? approvalBlocked(r) : null);
      // The key does what the button would: nothing but saying why, where the button is missing
      // or disabled.
      if (refusal) toast.info(`Request #${id}: ${refusal}`);
      else setOpen({ id, decision });
    },
    () => toast.info("Press j to choose a request first."),
  );

  if (!requests) return null;
  if (requests.length === 0) {
    return (
      <div className="rounded-lg border border-dashed border-border bg-surface px-6 py-10 text-center">
        <p className="font-medium">No open requests</p>
        <p className="mt-2 text-sm text-muted">
          New requests appear here on their own.
        </p>
      </div>
    );
  }
  return (
    <>
      <KeyHint canDecide={me.canDecide} />
      <ul
        ref={list}
        className="space-y-4"
        aria-label="Open requests"
        aria-describedby="review-keys"
      >
        {requests.map((r) => (
          <RequestCard
            key={r.id}
            request={r}
            me={me}
            open={open?.id === r.id ? open.decision : null}
            onOpen={(decision) =>
              decision ? setOpen({ id: r.id, decision }) : closeBox(r.id)
            }
            onDecide={(decision, comment) => {
              closeBox(r.id, true);
              decide.mutate({ id: r.id, decision, comment });
            }}
          />
        ))}
      </ul>
    </>
  );
}

/** The shortcuts, on the page rather than behind a "?" nobody presses. */
function KeyHint({ canDecide }: { canDecide: boolean }) {
  return (
    <p id="review-keys" className="mb-3 text-xs text-muted">
      Keyboard: <Kbd>j</Kbd> / <Kbd>k</Kbd> next / previous request
      {canDecide ? (
        <>
          {" "}
          · <Kbd>a</Kbd> approve · <Kbd>r</Kbd> reject (each opens the comment
          box; <Kbd>Enter</Kbd> sends, <Kbd>Esc</Kbd> cancels)
        </>
      ) : null}
      . Not while typing in a field.
    </p>
  );
}

function Kbd({ children }: { children: string }) {
  return (
    <kbd className="rounded border border-border bg-background px-1 font-mono text-[0.7rem] text-foreground">
      {children}
    </kbd>
  );
}

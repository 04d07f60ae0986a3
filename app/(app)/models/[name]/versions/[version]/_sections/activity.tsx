// The version's requests and comments in one thread, with the comment form for those who may write.
// Its two reads stream in after the page's shell (see after-shell.ts).
import { Activity } from "@/components/lifecycle/activity";
import { CommentForm } from "@/components/lifecycle/comment-form";
import { Card } from "@/components/ui/card";
import type { Actor } from "@/lib/auth/actor";
import { can } from "@/lib/auth/permissions";
import { listComments } from "@/lib/comments/comments";
import type { VersionDto } from "@/lib/registry/dto";
import {
  addCommentAction,
  cancelRequestAction,
  deleteCommentAction,
  editCommentAction,
} from "../../../../lifecycle-actions";
import { afterShell } from "@/app/(app)/after-shell";
import { requestsOf } from "./reads";

export async function ActivityCard({
  actor,
  name,
  v,
  modelRetired,
}: {
  actor: Actor;
  name: string;
  v: VersionDto;
  modelRetired: boolean;
}) {
  await afterShell();
  const requests = requestsOf(actor, name, v.version);
  const thread = listComments(actor, name, String(v.version));
  return (
    <Card>
      <h2 className="mb-2 text-sm font-semibold">Activity</h2>
      <Activity
        actor={actor}
        requests={requests}
        comments={thread}
        onEdit={(id) => editCommentAction.bind(null, name, v.version, id)}
        onDelete={(id) => deleteCommentAction.bind(null, name, v.version, id)}
        onCancel={(id) => cancelRequestAction.bind(null, name, v.version, id)}
      />
      {can(actor, "comments.write") &&
      v.stage !== "retired" &&
      !modelRetired ? (
        <div className="mt-4 border-t border-border pt-4">
          <CommentForm action={addCommentAction.bind(null, name, v.version)} />
        </div>
      ) : null}
    </Card>
  );
}

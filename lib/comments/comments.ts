// Comments on a version: markdown, editable and deletable by their author, deletable by admins.
import "server-only";
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb, type Tx } from "@/db/client";
import { preparedQuery } from "@/db/prepared";
import { comments, modelVersions, registeredModels, user } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { assertCan, can } from "@/lib/auth/permissions";
import { DomainError, parseInput } from "@/lib/errors";
import { emit } from "@/lib/events/dispatch";
import { assertWritable, loadModel, loadVersion } from "@/lib/registry/load";
import { versionHref } from "@/lib/registry/paths";
import { now as clockNow } from "@/lib/clock";

const bodySchema = z
  .string({ error: "Write a comment" })
  .trim()
  .min(1, { message: "Write a comment" })
  .max(10_000, { message: "A comment must be at most 10,000 characters" });

export type CommentDto = {
  id: number;
  author: { id: string; name: string };
  body: string;
  created_at: number;
  updated_at: number;
};

export function addComment(
  actor: Actor,
  modelName: string,
  version: string | number,
  body: unknown,
): CommentDto {
  assertCan(actor, "comments.write");
  const text = parseInput(bodySchema, body, "body");
  return getDb().transaction(
    (tx) => {
      const model = loadModel(tx, modelName);
      const v = loadVersion(tx, model, version);
      assertWritable(model, v);
      const now = clockNow();
      const row = tx
        .insert(comments)
        .values({
          versionId: v.id,
          authorId: actor.id,
          body: text,
          createdAt: now,
          updatedAt: now,
        })
        .returning()
        .get();
      emit(
        tx,
        actor,
        {
          action: "comment.created",
          entityType: "model_version",
          entityId: v.id,
          after: { comment_id: row.id, body: text },
        },
        [
          {
            userId: v.createdBy,
            kind: "comment",
            message: `${actor.name} commented on ${model.name} v${v.version}`,
            link: versionHref(model.name, v.version),
          },
        ],
      );
      return {
        id: row.id,
        author: { id: actor.id, name: actor.name },
        body: row.body,
        created_at: row.createdAt,
        updated_at: row.updatedAt,
      };
    },
    { behavior: "immediate" },
  );
}

export function editComment(actor: Actor, id: number, body: unknown): void {
  assertCan(actor, "comments.write");
  const text = parseInput(bodySchema, body, "body");
  getDb().transaction(
    (tx) => {
      const row = load(tx, id);
      if (row.authorId !== actor.id)
        throw new DomainError(
          "forbidden",
          "You can only edit your own comments",
        );
      tx.update(comments)
        .set({ body: text, updatedAt: clockNow() })
        .where(eq(comments.id, id))
        .run();
      emit(tx, actor, {
        action: "comment.edited",
        entityType: "model_version",
        entityId: row.versionId,
        before: { comment_id: id, body: row.body },
        after: { comment_id: id, body: text },
      });
    },
    { behavior: "immediate" },
  );
}

export function deleteComment(actor: Actor, id: number): void {
  assertCan(actor, "comments.write");
  getDb().transaction(
    (tx) => {
      const row = load(tx, id);
      if (row.authorId !== actor.id && !can(actor, "comments.moderate"))
        throw new DomainError(
          "forbidden",
          "You can only delete your own comments",
        );
      tx.update(comments)
        .set({ deletedAt: clockNow() })
        .where(eq(comments.id, id))
        .run();
      emit(tx, actor, {
        action: "comment.deleted",
        entityType: "model_version",
        entityId: row.versionId,
        before: { comment_id: id, body: row.body },
      });
    },
    { behavior: "immediate" },
  );
}

// The version page shows them on every view: built once per connection.
const commentsOf = preparedQuery((db) =>
  db
    .select({
      id: comments.id,
      authorId: user.id,
      authorName: user.name,
      body: comments.body,
      created_at: comments.createdAt,
      updated_at: comments.updatedAt,
    })
    .from(comments)
    .innerJoin(user, eq(user.id, comments.authorId))
    .where(
      and(
        eq(comments.versionId, sql.placeholder("versionId")),
        isNull(comments.deletedAt),
      ),
    )
    .orderBy(asc(comments.id))
    .prepare(),
);

export function listComments(
  actor: Actor,
  modelName: string,
  version: string,
): CommentDto[] {
  assertCan(actor, "models.read");
  const db = getDb();
  const v = loadVersion(db, loadModel(db, modelName), version);
  return commentsOf(db)
    .all({ versionId: v.id })
    .map((c) => ({
      id: c.id,
      author: { id: c.authorId, name: c.authorName },
      body: c.body,
      created_at: c.created_at,
      updated_at: c.updated_at,
    }));
}

function load(tx: Tx, id: number) {
  const row = tx
    .select()
    .from(comments)
    .where(and(eq(comments.id, id), isNull(comments.deletedAt)))
    .get();
  if (!row) throw new DomainError("not_found", `Comment #${id} not found`);
  const v = tx
    .select()
    .from(modelVersions)
    .where(eq(modelVersions.id, row.versionId))
    .get();
  const m = v
    ? tx
        .select()
        .from(registeredModels)
        .where(eq(registeredModels.id, v.modelId))
        .get()
    : undefined;
  if (m && v) assertWritable(m, v);
  return row;
}

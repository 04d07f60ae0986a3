import { z } from "zod";

export const createTokenSchema = z.object({
  name: z
    .string({ error: "Give the token a name" })
    .trim()
    .min(1, { message: "Give the token a name" })
    .max(100, { message: "Use at most 100 characters" }),
  /** Days until the token expires; empty means it never expires. */
  expiresInDays: z.coerce
    .number({ message: "Expiry must be a number of days" })
    .int({ message: "Expiry must be a whole number of days" })
    .min(1, { message: "Expiry must be at least 1 day" })
    .max(3650, { message: "Expiry must be at most 3650 days" })
    .optional(),
  /** "write" (default): all the owner's role allows; "read": reads and predictions only. */
  scope: z
    .enum(["read", "write"], { error: "Scope must be 'read' or 'write'" })
    .default("write"),
});
export type CreateTokenInput = z.input<typeof createTokenSchema>;

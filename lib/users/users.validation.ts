import { z } from "zod";
import { ROLES } from "@/db/schema";

export const emailSchema = z
  .string({ error: "Enter an e-mail address" })
  .trim()
  .toLowerCase()
  .pipe(z.email({ message: "Enter a valid e-mail address" }));
export const passwordSchema = z
  .string({ error: "Enter a password" })
  .min(8, { message: "Use at least 8 characters" })
  .max(256, { message: "Use at most 256 characters" });
export const roleSchema = z.enum(ROLES, {
  message: `Role must be one of ${ROLES.join(", ")}`,
});

export const createUserSchema = z.object({
  email: emailSchema,
  name: z
    .string({ error: "Name must be text" })
    .trim()
    .min(1, { message: "Enter a name" })
    .max(120, { message: "Use at most 120 characters" })
    .optional(),
  role: roleSchema,
  password: passwordSchema,
});
export type CreateUserInput = z.input<typeof createUserSchema>;

export const changeRoleSchema = z.object({
  userId: z.string().min(1),
  role: roleSchema,
});
export const setActiveSchema = z.object({
  userId: z.string().min(1),
  active: z.boolean(),
});

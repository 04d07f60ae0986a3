// Test factories: real rows made through the real services.
import { SYSTEM_ACTOR, type Actor } from "@/lib/auth/actor";
import type { Role } from "@/lib/roles";
import { createUser } from "@/lib/users/users";
import { fitLogistic } from "@/lib/ml/models";
import { exportOnnx } from "@/lib/ml/onnx-export";

let n = 0;

export async function makeUser(
  role: Role = "data_scientist",
  overrides: { email?: string } = {},
): Promise<Actor> {
  n += 1;
  const email =
    overrides.email ??
    `${role}-${n}-${Math.random().toString(36).slice(2, 8)}@test.local`;
  const u = await createUser(SYSTEM_ACTOR, {
    email,
    role,
    password: "test-password-1",
    name: `${role} ${n}`,
  });
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    via: "session",
  };
}

/** A real ONNX model (a logistic regression on two inputs `a` and `b`) as the exporter writes it. */
export function onnxModelBytes(): Buffer {
  const X = [
    [1, 2],
    [2, 1],
    [3, 3],
    [0, 1],
    [4, 0],
    [1, 1],
  ];
  const y = [0, 0, 1, 0, 1, 1];
  return Buffer.from(exportOnnx(fitLogistic(["a", "b"], X, y, 1)));
}

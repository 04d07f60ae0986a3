// The MLflow API as a client of the running server calls it (through the request listener on a
// socket, with a token of a new user of the given role), for the MLflow API's tests.
import { getSqlite } from "@/db/client";
import { makeUser } from "@/lib/testing/factories";
import { throughListener } from "@/lib/testing/listener";
import { createToken } from "@/lib/tokens/tokens";

type Call = { status: number; body: Record<string, unknown> };

export async function mlflowClient(
  role: "data_scientist" | "reviewer" | "manager" = "data_scientist",
) {
  const actor = await makeUser(role);
  const { token } = createToken(actor, { name: "mlflow" });
  const call = async (
    method: string,
    path: string,
    body?: unknown,
    opts: { prefix?: string; auth?: string } = {},
  ): Promise<Call> => {
    // Through the request listener on a socket, as a client of the running server is answered.
    const url = `http://127.0.0.1/${opts.prefix ?? "api"}/2.0/mlflow/${path}`;
    const res = await throughListener(
      new Request(url, {
        method,
        headers: {
          Authorization: opts.auth ?? `Bearer ${token}`,
          "Content-Type": "application/json",
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
    );
    return {
      status: res.status,
      body: (await res.json()) as Record<string, unknown>,
    };
  };
  return { actor, token, call };
}

export const auditCount = () =>
  (
    getSqlite().prepare("select count(*) n from audit_events").get() as {
      n: number;
    }
  ).n;

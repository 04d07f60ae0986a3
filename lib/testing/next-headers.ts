// next/headers for tests that call server actions and session code outside a Next request:
//   vi.mock("next/headers", () => import("@/lib/testing/next-headers"));
// `headers()` answers with `request.headers`, which a test sets before each call to say who is
// asking (the client address, a session cookie); `cookies()` is an empty jar that ignores writes,
// so the session comes only from the headers.
export const request = { headers: new Headers() };

export async function headers(): Promise<Headers> {
  return request.headers;
}

export async function cookies() {
  return {
    get: () => undefined,
    getAll: () => [],
    has: () => false,
    set: () => {},
    delete: () => {},
  };
}

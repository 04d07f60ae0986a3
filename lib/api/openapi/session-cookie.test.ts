import { describe, expect, it } from "vitest";
import { documentedCookieName, signInCookieName } from "./test-support";

// The session scheme names the cookie better-auth really sets. Under https that is the
// `__Secure-` one; plain http (the rest of the suite) is checked in document.test.ts.
process.env.STAGELINE_URL = "https://stageline.example";

describe("the session cookie in the OpenAPI document", () => {
  it("is the __Secure- cookie better-auth sets when the app is served over https", async () => {
    const set = await signInCookieName();
    expect(set).toBe("__Secure-stageline.session_token");
    expect(documentedCookieName()).toBe(set);
  });
});

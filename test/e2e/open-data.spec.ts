import { expect, test } from "./fixtures";

// Open contracting data (issue 7 item 5): anyone, without an account, downloads the OCDS release
// package of the published tenders, awards and contracts; no personal data is in it. The schema
// and codelists are checked by scripts/validate-ocds.ts in .ci/run.

test("the OCDS release package is public and holds no e-mail addresses", async ({ playwright, baseURL }) => {
  const anonymous = await playwright.request.newContext({ baseURL });
  const response = await anonymous.get("/ocds/releases.json");
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toContain("application/json");
  const text = await response.text();
  const releasePackage = JSON.parse(text) as { version: string; publisher: { name: string }; releases: { ocid: string; tender?: { title?: string } }[] };
  expect(releasePackage.version).toBe("1.1");
  expect(releasePackage.releases.length).toBeGreaterThan(0);
  for (const release of releasePackage.releases) expect(release.ocid).toMatch(/^ocds-wfinbg-/);
  expect(text).not.toMatch(/[\w.+-]+@[\w-]+\.[\w.]+/);
  await anonymous.dispose();
});

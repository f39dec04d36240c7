import { pageHref } from "./pagination";

test("a page link keeps the filters and the other list's page, and lands on the list", () => {
  expect(pageHref("?jaar=2025&leerroute=b1&geldpagina=2", "gemeentepagina", 3, "per-gemeente")).toBe("?jaar=2025&leerroute=b1&geldpagina=2&gemeentepagina=3#per-gemeente");
  expect(pageHref("?gemeentepagina=3&jaar=2025", "gemeentepagina", 4, "per-gemeente")).toBe("?gemeentepagina=4&jaar=2025#per-gemeente");
});

test("page 1 is the plain URL without the parameter", () => {
  expect(pageHref("?jaar=2025&gemeentepagina=2", "gemeentepagina", 1, "per-gemeente")).toBe("?jaar=2025#per-gemeente");
  // with nothing left, "?" (not "") so the link still clears the parameter instead of keeping the URL
  expect(pageHref("?gemeentepagina=2", "gemeentepagina", 1, "per-gemeente")).toBe("?#per-gemeente");
});

// Links between the pages of a long list, kept in the URL like every other view state.

/**
 * The link to `page` of the list paged by `param`: the current query with only that parameter
 * changed (page 1 drops it, so the first page has the plain URL), and `#anchor` so the browser
 * lands on the list instead of the top of the page.
 */
export function pageHref(search: string, param: string, page: number, anchor: string): string {
  const query = new URLSearchParams(search);
  if (page <= 1) query.delete(param);
  else query.set(param, String(page));
  const text = query.toString();
  return `${text ? `?${text}` : "?"}#${anchor}`;
}

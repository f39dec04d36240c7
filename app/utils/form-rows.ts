/**
 * Reads repeated rows of a form, named `prefix[0].field`, `prefix[1].field`, … into objects,
 * in index order. Rows whose fields are all empty are dropped (the spare rows of a table form).
 */
export function readRows<Field extends string>(form: FormData, prefix: string, fields: readonly Field[]): { index: number; values: Record<Field, string> }[] {
  const rows = new Map<number, Record<Field, string>>();
  const pattern = new RegExp(`^${prefix.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\[(\\d+)\\]\\.(\\w+)$`);
  for (const [key, value] of form.entries()) {
    const match = pattern.exec(key);
    if (!match || typeof value !== "string") continue;
    const field = match[2] as Field;
    if (!fields.includes(field)) continue;
    const index = Number(match[1]);
    const row = rows.get(index) ?? (Object.fromEntries(fields.map((name) => [name, ""])) as Record<Field, string>);
    row[field] = value.trim();
    rows.set(index, row);
  }
  return [...rows.entries()]
    .sort(([a], [b]) => a - b)
    .filter(([, values]) => fields.some((field) => values[field] !== ""))
    .map(([index, values]) => ({ index, values }));
}

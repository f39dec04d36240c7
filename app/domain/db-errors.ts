/** True when PostgreSQL refused a row for a unique constraint (SQLSTATE 23505), under either driver. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  let current: unknown = error;
  // drizzle wraps driver errors in `cause`
  for (let depth = 0; current && depth < 4; depth += 1) {
    const candidate = current as { code?: string; constraint?: string; constraint_name?: string; cause?: unknown };
    if (candidate.code === "23505") {
      const name = candidate.constraint ?? candidate.constraint_name;
      return !constraint || !name || name === constraint;
    }
    current = candidate.cause;
  }
  return false;
}

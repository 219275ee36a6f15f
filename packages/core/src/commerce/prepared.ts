import { type Executor, rowsOf, type SQL } from "@keyway/db";

interface QueryBuilding {
  sqlToQuery(statement: SQL): { sql: string; params: unknown[] };
}

/**
 * Runs a statement as a prepared statement. drizzle runs its unnamed queries unprepared, and
 * postgres.js then describes every parameterised statement before binding it: a second round
 * trip per statement. Prepared, a connection parses a statement text once and later
 * executions are one round trip. Only for statements whose text takes a few shapes (the
 * connection keeps every text it prepared).
 */
export async function executePrepared<T>(db: Executor, name: string, statement: SQL): Promise<T[]> {
  const { dialect } = db as unknown as { dialect: QueryBuilding };
  const query = dialect.sqlToQuery(statement);
  const prepared = db._.session.prepareQuery(query as never, undefined, name, false);
  return rowsOf<T>(await prepared.execute());
}

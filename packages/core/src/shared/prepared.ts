import { type Executor, is, Placeholder, type SQL, sql } from "@keyway/db";
import { DomainError } from "./errors";

interface QueryBuilding {
  sqlToQuery(statement: SQL): { sql: string; params: unknown[] };
}

/**
 * Compiles a statement (with `sql.placeholder`s) once, to run as a prepared statement: pass the
 * placeholders' values to `execute`. drizzle runs its unnamed queries unprepared, and
 * postgres.js then describes every parameterised statement before binding it: a second round
 * trip per statement. Prepared, a connection parses the text once and each execution is one
 * round trip. Only for statements of a few fixed texts (a connection keeps every text it
 * prepared). `execute` answers the driver's raw result: read it with `rowsOf`.
 *
 * `onlyPlaceholders`: refuse a statement with a value baked in (e.g. a column default drizzle
 * computed at build time, such as a generated id), since every execution would reuse it.
 */
export function prepareStatement(
  db: Executor,
  name: string,
  statement: SQL,
  options: { onlyPlaceholders?: boolean } = {},
) {
  const { dialect } = db as unknown as { dialect: QueryBuilding };
  const query = dialect.sqlToQuery(statement);
  if (options.onlyPlaceholders && !query.params.every((p) => is(p, Placeholder))) {
    throw new DomainError(
      "internal",
      `${name}: a value is compiled into the statement instead of a placeholder.`,
    );
  }
  return db._.session.prepareQuery(query as never, undefined, name, false);
}

/**
 * `make(db)` built once per database handle and reused (prepared statements): a WeakMap keyed
 * by the handle, so a closed handle's statements go with it.
 */
export function oncePerExecutor<T>(make: (db: Executor) => T): (db: Executor) => T {
  const built = new WeakMap<Executor, T>();
  return (db) => {
    let value = built.get(db);
    if (value === undefined) {
      value = make(db);
      built.set(db, value);
    }
    return value;
  };
}

/** A hand-written statement: its text with $1, $2… and the placeholder names in that order. */
export interface StatementText {
  params: readonly string[];
  text: string;
}

/**
 * A hand-written statement, prepared: planned once per connection instead of on every run
 * (`db.execute` sends an unnamed statement each time, and planning can cost as much as running).
 * Pass parameters as text and cast them in the SQL, so every driver binds them alike.
 */
export function prepareText(db: Executor, name: string, statement: StatementText) {
  return db._.session.prepareQuery(
    { sql: statement.text, params: statement.params.map((p) => sql.placeholder(p)) },
    undefined,
    name,
    false,
  ) as { execute(values: Record<string, unknown>): Promise<unknown> };
}

import { type Executor, rowsOf, type SQL, sql } from "@keyway/db";
import { prepareStatement } from "./prepared";

/**
 * The rows one statement writes, by part (a CTE's name), in statement order. A part with no
 * rows is left out of the statement.
 */
export type WriteParts<P> = { [K in keyof P]: readonly object[] };

/** Placeholder name of a row's column: `<part>_<index>_<column>`. */
function slot(part: string, index: number, column: string): string {
  return `${part}_${index}_${column}`;
}

/**
 * Fills `values` with the rows' values as the driver takes them (what drizzle's column encoders
 * would produce: ISO timestamps, JSON text) and returns the statement's shape: which parts, rows
 * and columns it has. Two writes of one shape run the same prepared statement.
 */
function bindParts(parts: object, values: Record<string, unknown>): string {
  let shape = "";
  for (const [part, rows] of Object.entries(parts) as [string, readonly object[]][]) {
    rows.forEach((row, index) => {
      shape += `|${part}${index}`;
      for (const [column, value] of Object.entries(row)) {
        shape += `,${column}`;
        values[slot(part, index, column)] =
          value instanceof Date
            ? value.toISOString()
            : value !== null && typeof value === "object"
              ? JSON.stringify(value)
              : value;
      }
    });
  }
  return shape;
}

/** A row's columns as placeholders (bound by the writer), to build a statement compiled once per shape. */
export function placeholdersOf<T extends object>(
  part: string,
  index: number,
  row: T,
): { [K in keyof T]: SQL } {
  const out: Record<string, SQL> = {};
  for (const column of Object.keys(row)) out[column] = sql`${sql.placeholder(slot(part, index, column))}`;
  return out as { [K in keyof T]: SQL };
}

/** `with <name> as (<step>), … <tail>`: data-modifying CTEs, one statement. */
export function withSteps(steps: readonly (readonly [name: string, step: SQL])[], tail: SQL): SQL {
  return sql`with ${sql.join(
    steps.map(([name, step]) => sql`${sql.raw(name)} as (${step})`),
    sql`, `,
  )} ${tail}`;
}

type Prepared = ReturnType<typeof prepareStatement>;

/**
 * A write of several rows in several tables as one statement (data-modifying CTEs): every part
 * commits or none does, in one round trip and without `begin`/`commit`. `build` turns the parts
 * into the statement, using `placeholdersOf` for every value; it is compiled and prepared once
 * per database handle and shape, then each write only binds values.
 */
export function oneStatementWriter<P extends WriteParts<P>>(
  name: string,
  build: (db: Executor, parts: P) => SQL,
): <Row>(db: Executor, parts: P) => Promise<Row[]> {
  const compiled = new WeakMap<Executor, Map<string, Prepared>>();
  return async <Row>(db: Executor, parts: P) => {
    const values: Record<string, unknown> = {};
    const shape = bindParts(parts, values);
    let byShape = compiled.get(db);
    if (!byShape) {
      byShape = new Map();
      compiled.set(db, byShape);
    }
    let prepared = byShape.get(shape);
    if (!prepared) {
      prepared = prepareStatement(db, name, build(db, parts), { onlyPlaceholders: true });
      byShape.set(shape, prepared);
    }
    return rowsOf<Row>(await prepared.execute(values));
  };
}

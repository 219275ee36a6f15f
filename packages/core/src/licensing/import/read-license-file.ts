import { LICENSE_FILE_COLUMNS, type LicenseFileFormat, MAX_IMPORT_ROWS } from "@keyway/schema";
import { parse } from "csv-parse/sync";
import { DomainError } from "../../shared/errors";

/** One row of a license file as read, before checking: its line and its raw fields. */
export interface RawLicenseRow {
  line: number;
  /** The parsed JSON value, or the CSV record shaped like a JSON row; null when unreadable. */
  value: unknown;
  /** Why the line could not be read (bad JSON). */
  unreadable?: string;
}

/**
 * Reads a JSON Lines or CSV license file into raw rows with their line numbers. Blank lines are
 * skipped. More than MAX_IMPORT_ROWS rows is refused as a whole (send the file in parts).
 */
export function readLicenseFile(format: LicenseFileFormat, content: string): RawLicenseRow[] {
  const rows = format === "jsonl" ? readJsonLines(content) : readCsv(content);
  if (rows.length > MAX_IMPORT_ROWS) {
    throw new DomainError(
      "invalid_input",
      `The file has ${rows.length} rows; send at most ${MAX_IMPORT_ROWS.toLocaleString("en")} per import.`,
      { field: "content" },
    );
  }
  return rows;
}

function readJsonLines(content: string): RawLicenseRow[] {
  const rows: RawLicenseRow[] = [];
  const lines = content.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i]?.trim() ?? "";
    if (text === "") continue;
    try {
      rows.push({ line: i + 1, value: JSON.parse(text) });
    } catch {
      rows.push({ line: i + 1, value: null, unreadable: "This line is not valid JSON." });
    }
    if (rows.length > MAX_IMPORT_ROWS) break;
  }
  return rows;
}

const known = new Set<string>(LICENSE_FILE_COLUMNS);
const numeric = new Set(["maxSeats"]);

function readCsv(content: string): RawLicenseRow[] {
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(content, {
      columns: (header: string[]) => header.map((h) => h.trim()),
      skip_empty_lines: true,
      trim: true,
      bom: true,
      info: true,
      to: MAX_IMPORT_ROWS + 1,
    });
  } catch (error) {
    const where = (error as { lines?: number }).lines;
    throw new DomainError(
      "invalid_input",
      `The CSV cannot be read${where ? ` (line ${where})` : ""}: ${(error as Error).message.replace(/^Invalid Record Length: /, "")}`,
      { field: "content" },
    );
  }
  const first = records[0]?.record;
  if (first) {
    const unknown = Object.keys(first).filter((c) => !known.has(c));
    if (unknown.length > 0) {
      throw new DomainError(
        "invalid_input",
        `Unknown CSV column${unknown.length > 1 ? "s" : ""}: ${unknown.join(", ")}. The columns are: ${LICENSE_FILE_COLUMNS.join(", ")}.`,
        { field: "content" },
      );
    }
  }
  return records.map(({ record, info }) => ({ line: info.lines, value: csvRowToJson(record) }));
}

/** A CSV record as the JSON row it stands for: empty cells absent, activations split on `;`. */
function csvRowToJson(record: Record<string, string>): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const [column, cell] of Object.entries(record)) {
    if (cell === "") continue;
    if (column === "activations") {
      row.activations = cell
        .split(";")
        .map((v) => v.trim())
        .filter(Boolean);
    } else if (numeric.has(column)) {
      row[column] = /^\d+$/.test(cell) ? Number(cell) : cell;
    } else row[column] = cell;
  }
  return row;
}

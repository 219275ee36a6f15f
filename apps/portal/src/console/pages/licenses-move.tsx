import type { LicenseImportResult } from "@keyway/schema";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "../trpc";
import { Card, ErrorNote, Field } from "../ui";

/**
 * Moving licenses in from another system (a CSV or JSON Lines file: checked first, then written)
 * and out (the export, in the same shape). Core decides every row (licensing/import); this page
 * reads the file and shows the answer.
 */
export function MoveLicenses() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [file, setFile] = useState<{ name: string; format: "csv" | "jsonl"; content: string } | null>(null);
  const [checked, setChecked] = useState<LicenseImportResult | null>(null);
  const [done, setDone] = useState<LicenseImportResult | null>(null);
  const importFile = useMutation(trpc.license.import.mutationOptions());

  if (!open) {
    return (
      <div className="kc-actions" style={{ marginBottom: 16 }}>
        <button type="button" className="kc-secondary" onClick={() => setOpen(true)}>
          Import or export licenses
        </button>
      </div>
    );
  }
  const run = async (dryRun: boolean) => {
    if (!file) return;
    const result = await importFile.mutateAsync({ format: file.format, content: file.content, dryRun });
    if (dryRun) setChecked(result);
    else {
      setDone(result);
      setChecked(null);
      void queryClient.invalidateQueries(trpc.dashboard.pathFilter());
    }
  };
  return (
    <Card title="Move licenses in and out">
      <p>
        Export every license with its activations:{" "}
        <a href="/api/v1/licenses/export?format=csv" download>
          CSV
        </a>{" "}
        or{" "}
        <a href="/api/v1/licenses/export?format=jsonl" download>
          JSON Lines
        </a>
        . The same shape imports back.
      </p>
      <form
        className="kc-form"
        aria-label="Import licenses"
        onSubmit={(e) => {
          e.preventDefault();
          void run(true).catch(() => {});
        }}
      >
        <Field
          label="File from your old system"
          hint="CSV with a header row (key, product, plan, status, expiresAt, maxSeats, activations separated by ;, customerEmail, …) or JSON Lines; up to 10,000 licenses a file. Keys keep their own format."
        >
          <input
            type="file"
            name="file"
            accept=".csv,.jsonl,.ndjson,text/csv,application/x-ndjson"
            onChange={(e) => {
              const chosen = e.target.files?.[0];
              setChecked(null);
              setDone(null);
              importFile.reset();
              if (!chosen) return setFile(null);
              void chosen.text().then((content) =>
                setFile({
                  name: chosen.name,
                  format: /\.csv$/i.test(chosen.name) ? "csv" : "jsonl",
                  content,
                }),
              );
            }}
          />
        </Field>
        <ErrorNote error={importFile.error} />
        <div className="kc-actions">
          <button type="submit" disabled={!file || importFile.isPending}>
            Check the file
          </button>
          {checked && checked.created > 0 ? (
            <button
              type="button"
              disabled={importFile.isPending}
              onClick={() => void run(false).catch(() => {})}
            >
              Import {checked.created.toLocaleString("en")} license{checked.created === 1 ? "" : "s"}
            </button>
          ) : null}
          <button type="button" className="kc-secondary" onClick={() => setOpen(false)}>
            Close
          </button>
        </div>
      </form>
      {checked ? <ImportSummary result={checked} /> : null}
      {done ? <ImportSummary result={done} /> : null}
    </Card>
  );
}

function ImportSummary({ result }: { result: LicenseImportResult }) {
  const n = (count: number, word: string) => `${count.toLocaleString("en")} ${word}${count === 1 ? "" : "s"}`;
  return (
    <div role="status" aria-label={result.dryRun ? "Check result" : "Import result"}>
      <p>
        {result.dryRun
          ? `Checked ${n(result.rows, "row")}: ${n(result.created, "license")} ready to import, ${n(result.unchanged, "key")} already here (left as they are), ${n(result.failed, "row")} with problems. Nothing was written yet.`
          : `Imported ${n(result.created, "license")}; ${n(result.unchanged, "key")} were already here and left as they are; ${n(result.failed, "row")} skipped.`}
      </p>
      {result.errors.length > 0 ? (
        <table className="kc-table" aria-label="Rows with problems">
          <thead>
            <tr>
              <th>Line</th>
              <th>Key</th>
              <th>Problem</th>
            </tr>
          </thead>
          <tbody>
            {result.errors.map((e) => (
              <tr key={e.line}>
                <td data-label="Line">{e.line}</td>
                <td data-label="Key">{e.key ? <code>{e.key}</code> : "—"}</td>
                <td data-label="Problem">{e.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}

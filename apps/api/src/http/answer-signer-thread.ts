import { type KeyObject, sign } from "node:crypto";
import { Worker } from "node:worker_threads";

/**
 * Ed25519 signatures made on a thread of their own (~40 µs each here), not on the event loop that
 * parses, verifies and answers every request. Not libuv's shared thread pool either: password
 * hashing, file reads and DNS lookups (a webhook to a host whose DNS hangs) queue there, and a
 * verification answer must not wait behind them.
 *
 * The requests of one turn of the event loop go over as one message and come back as one; each
 * key crosses once, by its `kid`. Should the thread die or be stopped, what it held is signed on
 * the event loop instead: an answer is late, never unsigned for it.
 */
const THREAD_SOURCE = `
const { parentPort } = require("node:worker_threads");
const { sign } = require("node:crypto");
const keys = new Map();
parentPort.on("message", (batch) => {
  for (const [kid, key] of batch.keys) keys.set(kid, key);
  parentPort.postMessage(batch.jobs.map(([kid, message]) => {
    try {
      return sign(null, Buffer.from(message, "utf8"), keys.get(kid)).toString("base64");
    } catch (err) {
      return { error: String(err && err.message || err) };
    }
  }));
});
`;

type Signature = string | { error: string };
interface Job {
  kid: string;
  privateKey: KeyObject;
  message: string;
  resolve: (signature: string) => void;
  reject: (err: Error) => void;
}

let thread: Worker | null = null;
/** Keys the current thread holds, and those to send with the next batch. */
let sentKids = new Set<string>();
let newKeys: [string, KeyObject][] = [];
/** Jobs of this turn of the event loop, then batches sent and not yet answered, oldest first. */
let pending: Job[] = [];
const inFlight: Job[][] = [];
let flushScheduled = false;

/** The base64 Ed25519 signature of `message` (UTF-8) under `privateKey`, made on the signing thread. */
export function signOnThread(kid: string, privateKey: KeyObject, message: string): Promise<string> {
  return new Promise((resolve, reject) => {
    pending.push({ kid, privateKey, message, resolve, reject });
    if (!sentKids.has(kid)) {
      sentKids.add(kid);
      newKeys.push([kid, privateKey]);
    }
    if (!flushScheduled) {
      flushScheduled = true;
      setImmediate(flush);
    }
  });
}

function flush(): void {
  flushScheduled = false;
  if (pending.length === 0) return;
  const worker = signingThread();
  const jobs = pending;
  const keys = newKeys;
  pending = [];
  newKeys = [];
  inFlight.push(jobs);
  worker.postMessage({ keys, jobs: jobs.map((j) => [j.kid, j.message]) });
}

function signingThread(): Worker {
  if (thread) return thread;
  const worker = new Worker(THREAD_SOURCE, { eval: true });
  // The thread never keeps the process alive on its own.
  worker.unref();
  worker.on("message", (signatures: Signature[]) => {
    const jobs = inFlight.shift() ?? [];
    for (const [i, job] of jobs.entries()) {
      const signature = signatures[i];
      if (typeof signature === "string") job.resolve(signature);
      else job.reject(new Error(`answer signature failed: ${signature?.error ?? "no answer"}`));
    }
  });
  // Once per thread ("error" is followed by "exit"); a thread already replaced is ignored.
  const lost = () => {
    if (thread === worker) signHeldHere();
  };
  worker.on("error", lost);
  worker.on("exit", lost);
  thread = worker;
  return worker;
}

/**
 * Forgets the thread and signs what it held or was about to get on the event loop, as every
 * answer was signed before this thread existed; the next answer starts a new thread.
 */
function signHeldHere(): void {
  thread = null;
  sentKids = new Set();
  newKeys = [];
  for (const job of [...inFlight.splice(0).flat(), ...pending.splice(0)]) {
    try {
      job.resolve(sign(null, Buffer.from(job.message, "utf8"), job.privateKey).toString("base64"));
    } catch (err) {
      job.reject(new Error(`answer signature failed: ${err instanceof Error ? err.message : String(err)}`));
    }
  }
}

/** Stops the signing thread (tests; a process exits without it, the thread being unref'd). */
export async function stopSigningThread(): Promise<void> {
  const worker = thread;
  signHeldHere();
  await worker?.terminate();
}

/**
 * Rows read from the database, remembered per database handle (two test databases never mix)
 * for a short, fixed time: a hot path answers from memory and every process sees a change
 * within `ttlMs` without a trigger or NOTIFY, so a lost listen connection cannot stretch it.
 * The process that makes a change forgets at once (`forget`); a read that began before that
 * is not stored (take `generation` before reading). Bounded: past `maxEntries` it starts over.
 */
export class ShortMemo<V> {
  private readonly byHandle = new WeakMap<
    object,
    { map: Map<string, { value: V; until: number }>; generation: number }
  >();

  constructor(private readonly options: { ttlMs: number; maxEntries: number }) {}

  private entriesOf(db: object) {
    let entries = this.byHandle.get(db);
    if (!entries) {
      entries = { map: new Map(), generation: 0 };
      this.byHandle.set(db, entries);
    }
    return entries;
  }

  /** What was remembered under `key`, if it was read within `ttlMs` of `now`. */
  get(db: object, key: string, now: number): V | null {
    const map = this.byHandle.get(db)?.map;
    const entry = map?.get(key);
    if (!entry) return null;
    if (now < entry.until) return entry.value;
    map?.delete(key);
    return null;
  }

  /** Take before reading the database; pass to `set`. */
  generation(db: object): number {
    return this.entriesOf(db).generation;
  }

  /** Remembers what a read begun at `read.at` found, unless a `forget` came since it began. */
  set(db: object, key: string, value: V, read: { at: number; generation: number }): void {
    const entries = this.entriesOf(db);
    if (entries.generation !== read.generation) return;
    if (entries.map.size >= this.options.maxEntries) entries.map.clear();
    entries.map.set(key, { value, until: read.at + this.options.ttlMs });
  }

  /** Forgets `key`, or everything (and any read in flight) when no key is given. */
  forget(db: object, key?: string): void {
    const entries = this.entriesOf(db);
    entries.generation += 1;
    if (key === undefined) entries.map.clear();
    else entries.map.delete(key);
  }
}

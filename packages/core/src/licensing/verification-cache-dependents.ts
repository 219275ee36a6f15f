/**
 * Which cached answers depend on an add-on license: a base license's snapshot holds what the
 * customer's add-on licenses grant it (entitlements/snapshot-entitlements.ts), so a change to one
 * of those add-on licenses — whose NOTIFY names only the add-on ('<id> <key>') — must also forget
 * the base license's key. Kept per cache, filled as snapshots are stored; a stale pairing (the base
 * evicted or reloaded since) only costs one extra miss. Add-on licenses that did not exist when
 * the base was read are announced by core where one is created (entitlements/addon-base-licenses.ts).
 */
export class AddonDependents {
  private readonly keysByAddon = new Map<string, Set<string>>();

  /** `key`'s answer depends on these add-on licenses. */
  note(key: string, addonLicenseIds: readonly { licenseId: string }[]): void {
    for (const { licenseId } of addonLicenseIds) {
      let keys = this.keysByAddon.get(licenseId);
      if (!keys) {
        keys = new Set();
        this.keysByAddon.set(licenseId, keys);
      }
      keys.add(key);
    }
  }

  /** The keys depending on this add-on license, forgotten from this index. */
  take(addonLicenseId: string): Set<string> | undefined {
    const keys = this.keysByAddon.get(addonLicenseId);
    if (keys) this.keysByAddon.delete(addonLicenseId);
    return keys;
  }

  clear(): void {
    this.keysByAddon.clear();
  }
}

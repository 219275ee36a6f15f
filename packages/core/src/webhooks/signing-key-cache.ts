import type { SecretBox } from "../shared/secrets";
import { webhookSigningKey } from "./signing";

/** Sealed secret → HMAC key; bounded, oldest forgotten first. */
export class SigningKeyCache {
  private readonly keys = new Map<string, Buffer>();
  constructor(
    private readonly secrets: SecretBox,
    private readonly maxKeys = 10_000,
  ) {}
  get(sealed: string): Buffer {
    let key = this.keys.get(sealed);
    if (!key) {
      key = webhookSigningKey(this.secrets.open(sealed));
      if (this.keys.size >= this.maxKeys) {
        const oldest = this.keys.keys().next();
        if (!oldest.done) this.keys.delete(oldest.value);
      }
      this.keys.set(sealed, key);
    }
    return key;
  }
}

/**
 * The one redaction step. Every string that reaches the output channel, an error (GatewayError
 * messages, so error cards and the model provider's errors), saved history or the status bar passes
 * through `redact`, which removes:
 *
 * - every secret the extension holds (each provider slot, the `MONSTER_GAMING_API_KEY` key, proxy
 *   credentials), remembered as they are read or stored;
 * - the userinfo of any URL (`https://user:pass@host` → `https://[redacted]@host`);
 * - credentials after `Bearer` / `Basic` (an echoed `Authorization` or `Proxy-Authorization`).
 *
 * Pure (no `vscode`). One process-wide instance (`secrets`), because the secrets are the process's:
 * a gateway error built anywhere must not need the key store handed to it to be safe.
 */

export const REDACTED = '[redacted]';

/** Shorter values are not replaced by value: "test" or "local" would garble ordinary text. */
const MIN_SECRET_LENGTH = 8;

/**
 * `scheme://userinfo@`: the userinfo runs to the last `@` before the path, query or whitespace.
 * `user:password@` itself is the placeholder of the extension's own advice, not a secret.
 */
// A scheme starts only where a run of scheme characters starts (not `\b`): tried from inside a
// run, every start would rescan it, quadratic on a long word with no `://`.
const URL_USERINFO = /(?<![a-z0-9+.-])([a-z][a-z0-9+.-]*:\/\/)(?!user:password@)[^\s/?#@"'<>]*(?:@[^\s/?#@"'<>]*)*@/gi;
const AUTH_SCHEME = /\b(Bearer|Basic)(\s+)([A-Za-z0-9._~+/=-]{6,})/g;

export class Redactor {
  private readonly known = new Set<string>();
  /** Longest first, so a secret that contains another is removed whole. */
  private ordered: string[] = [];

  /** Remembers a secret so that it never appears in what `redact` returns. */
  remember(secret: string | undefined): void {
    const value = secret?.trim();
    if (!value || value.length < MIN_SECRET_LENGTH || this.known.has(value)) return;
    this.known.add(value);
    // The forms a secret takes inside URLs and JSON too.
    for (const form of [encodeURIComponent(value), JSON.stringify(value).slice(1, -1)]) {
      if (form !== value) this.known.add(form);
    }
    this.ordered = [...this.known].sort((a, b) => b.length - a.length);
  }

  /**
   * The text without any remembered secret, URL userinfo or Authorization credentials; each is
   * replaced by `mask(what was there)`, `[redacted]` unless told otherwise.
   */
  redact(text: string, mask: (secret: string) => string = () => REDACTED): string {
    let out = text;
    for (const secret of this.ordered) {
      if (out.includes(secret)) out = out.split(secret).join(mask(secret));
    }
    return out
      .replace(URL_USERINFO, (match: string, scheme: string) => `${scheme}${mask(match.slice(scheme.length, -1))}@`)
      .replace(AUTH_SCHEME, (_match: string, scheme: string, space: string, credentials: string) => `${scheme}${space}${mask(credentials)}`);
  }
}

/**
 * A mask as long as what it hides (`*` for each character), for text whose length others count
 * on: the history journal continues an answer at the length it had in memory.
 */
export function sameLength(secret: string): string {
  return '*'.repeat(secret.length);
}

/** Every secret this extension holds. */
export const secrets = new Redactor();

/** `secrets.redact`: the step every outgoing string takes. */
export function redact(text: string): string {
  return secrets.redact(text);
}

/**
 * A log function over an output channel: every line passes the redaction step (keys, proxy
 * credentials, URL userinfo), and logging never throws (during shutdown the channel is closed
 * while late callbacks still report).
 */
export function redactingLog(output: { info(line: string): void }): (line: string) => void {
  return (line) => {
    try {
      output.info(redact(line));
    } catch {
      // The channel is gone; nothing to report to.
    }
  };
}

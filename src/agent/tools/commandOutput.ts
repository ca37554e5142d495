/**
 * A command's output as the model gets it: terminal escape sequences removed as the bytes arrive,
 * and only a bounded head and tail kept, whatever the command prints (a build that prints
 * megabytes must not fill the extension host's memory or the model's context). Pure.
 *
 * The escape stripper is a small scanner, not a regular expression: linear by construction, and
 * it carries a sequence cut between two chunks over to the next. (strip-ansi 7 is ES-module only,
 * which the Node 20 extension host of VS Code 1.96 cannot require.)
 */

/** Characters kept from the start of the output. */
export const OUTPUT_HEAD_CHARS = 2_000;
/** Characters kept from the end of the output (what usually says why a build failed). */
export const OUTPUT_TAIL_CHARS = 16_000;
/** Longest escape string (OSC, DCS…) followed before it counts as broken and is dropped. */
const MAX_CONTROL_STRING = 4_096;

const ESC = 0x1b;
const BEL = 0x07;

type State = 'text' | 'escape' | 'escapeIntermediate' | 'csi' | 'string' | 'stringEscape';

/**
 * Removes CSI (`ESC [ … final`), OSC / DCS / APC / PM / SOS strings (up to BEL or `ESC \`), two-
 * byte escapes and their 8-bit forms, plus other C0 controls but tab, newline and carriage return.
 */
export class EscapeStripper {
  private state: State = 'text';
  private stringLength = 0;

  push(chunk: string): string {
    let out = '';
    let start = 0; // Start of the current run of plain text in `chunk`.
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      switch (this.state) {
        case 'text':
          if (c === ESC || c === 0x9b || c === 0x9d || c === 0x90 || c === 0x98 || c === 0x9e || c === 0x9f || (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f) {
            out += chunk.slice(start, i);
            start = i + 1;
            if (c === ESC) this.state = 'escape';
            else if (c === 0x9b) this.state = 'csi';
            else if (c >= 0x90) this.enterString();
          }
          break;
        case 'escape':
          if (c === 0x5b) this.state = 'csi'; // [
          else if (c === 0x5d || c === 0x50 || c === 0x58 || c === 0x5e || c === 0x5f) this.enterString(); // ] P X ^ _
          else if (c >= 0x20 && c <= 0x2f) this.state = 'escapeIntermediate';
          else this.state = 'text'; // A two-byte escape (ESC 7, ESC =, ESC c…): the byte is its final.
          start = i + 1;
          break;
        case 'escapeIntermediate':
          if (c < 0x20 || c > 0x2f) this.state = 'text';
          start = i + 1;
          break;
        case 'csi':
          if (c >= 0x40 && c <= 0x7e) this.state = 'text';
          else if (c < 0x20 || c > 0x3f) this.state = c === ESC ? 'escape' : 'text'; // Not a CSI after all: drop what was read.
          start = i + 1;
          break;
        case 'string':
          if (c === BEL || c === 0x9c) this.state = 'text';
          else if (c === ESC) this.state = 'stringEscape';
          else if (++this.stringLength > MAX_CONTROL_STRING) this.state = 'text';
          start = i + 1;
          break;
        case 'stringEscape':
          // `ESC \` ends the string; any other byte aborts it, and the ESC starts a new escape (as terminals do).
          this.state = 'escape';
          if (c === 0x5c) this.state = 'text';
          else i--; // Read this byte again as the escape's first.
          start = i + 1;
          break;
      }
    }
    if (this.state === 'text') out += chunk.slice(start);
    return out;
  }

  private enterString(): void {
    this.state = 'string';
    this.stringLength = 0;
  }
}

/** Strips a whole text at once (tests, and text that is complete). */
export function stripEscapes(text: string): string {
  return new EscapeStripper().push(text);
}

/**
 * Keeps the first `head` and the last `tail` characters of everything pushed, and counts the
 * rest. Memory stays under head + 2 × tail characters however much is pushed.
 */
export class OutputBudget {
  private first = '';
  private last = '';
  private total = 0;

  constructor(
    private readonly head: number = OUTPUT_HEAD_CHARS,
    private readonly tail: number = OUTPUT_TAIL_CHARS,
  ) {}

  push(text: string): void {
    if (!text) return;
    this.total += text.length;
    let rest = text;
    if (this.first.length < this.head) {
      const room = this.head - this.first.length;
      this.first += rest.slice(0, room);
      rest = rest.slice(room);
    }
    if (!rest) return;
    this.last += rest.length > this.tail ? rest.slice(-this.tail) : rest;
    // Trim only when twice the tail is held: each character is copied a bounded number of times.
    if (this.last.length > 2 * this.tail) this.last = this.last.slice(-this.tail);
  }

  /** Characters pushed in all. */
  get length(): number {
    return this.total;
  }

  /** Characters held now (what the bound is about). */
  get held(): number {
    return this.first.length + this.last.length;
  }

  /** The kept text, with a line saying how much was cut between head and tail. */
  text(): string {
    const tail = this.last.length > this.tail ? this.last.slice(-this.tail) : this.last;
    const cut = this.total - this.first.length - tail.length;
    if (cut <= 0) return this.first + tail;
    return `${this.first}\n… ${cut.toLocaleString('en-US')} characters of output cut (${this.total.toLocaleString('en-US')} in all; the first ${this.first.length.toLocaleString('en-US')} and the last ${tail.length.toLocaleString('en-US')} are shown) …\n${tail}`;
  }
}

/**
 * Output as a terminal would show it: CRLF is a line end, and a line rewritten with carriage
 * returns (progress bars) keeps only its last state.
 */
export function settleLines(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      const trimmed = line.endsWith('\r') ? line.slice(0, -1) : line;
      const cr = trimmed.lastIndexOf('\r');
      return cr < 0 ? trimmed : trimmed.slice(cr + 1);
    })
    .join('\n');
}

/** Strips escapes from chunks as they come and keeps a bounded head and tail of the rest. */
export class CapturedOutput {
  private readonly stripper = new EscapeStripper();
  readonly budget: OutputBudget;

  constructor(head?: number, tail?: number) {
    this.budget = new OutputBudget(head, tail);
  }

  push(chunk: string): void {
    this.budget.push(this.stripper.push(chunk));
  }

  text(): string {
    return settleLines(this.budget.text()).trimEnd();
  }
}

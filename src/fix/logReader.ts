/**
 * Reads a log into BuildLogParser a piece at a time: a file is streamed (never read whole), text
 * is fed in slices, and between pieces the event loop runs, so a large log never holds the
 * extension host's thread for long. Both are bounded: a file bigger than `maxBytes` is read from
 * the end (engines append, so the newest build is last), lines are cut at MAX_LINE_CHARS as they
 * arrive, and the parser keeps at most MAX_PROBLEMS. Pure (no `vscode`).
 */
import * as fs from 'node:fs';
import { BuildLogParser, MAX_LINE_CHARS, type ParsedProblem, type ParseLimits } from './logParsers';

/** Most of a log read: 32 MiB of a file, or as many characters of text. */
export const MAX_LOG_BYTES = 32 * 1024 * 1024;
/** How much is parsed between two turns of the event loop. */
const SLICE_CHARS = 64 * 1024;

/** What a read found, and how much of the log it read. */
export interface ParsedLog {
  readonly problems: ParsedProblem[];
  /** Size of the whole log: bytes of a file, characters of text. */
  readonly total: number;
  /** How much of it was read (the end, when it is less than `total`). */
  readonly read: number;
  /** Lines longer than MAX_LINE_CHARS, cut before matching. */
  readonly cutLines: number;
  /** Problems let go (the oldest) to keep MAX_PROBLEMS. */
  readonly droppedProblems: number;
}

export interface ReadLimits extends ParseLimits {
  /** Most bytes of a file (characters of text) read; the default is MAX_LOG_BYTES. */
  readonly maxBytes?: number;
}

const LINE_BREAK = /\r\n|\n|\r/g;

/**
 * Splits text that arrives in pieces into lines (`\r\n`, `\n` or `\r`), keeping at most
 * `maxLineChars` of each: a line without a break never grows past that.
 */
export class LineSplitter {
  private head = '';
  private cut = false;
  /** A `\r` ended the last piece: a `\n` starting the next one belongs to it. */
  private afterCarriageReturn = false;

  constructor(
    private readonly emit: (line: string, cut: boolean) => void,
    private readonly maxLineChars = MAX_LINE_CHARS,
    /** Drops the first line: reading starts in the middle of it. */
    private skipping = false,
  ) {}

  push(text: string): void {
    let start = this.afterCarriageReturn && text.startsWith('\n') ? 1 : 0;
    this.afterCarriageReturn = false;
    LINE_BREAK.lastIndex = start;
    for (let m = LINE_BREAK.exec(text); m; m = LINE_BREAK.exec(text)) {
      this.append(text, start, m.index);
      this.endLine();
      start = m.index + m[0].length;
      this.afterCarriageReturn = m[0] === '\r' && start === text.length;
    }
    this.append(text, start, text.length);
  }

  /** The last line, when the text does not end with a break. */
  end(): void {
    if (this.head || this.cut) this.endLine();
  }

  private append(text: string, from: number, to: number): void {
    if (this.skipping) return;
    const room = this.maxLineChars - this.head.length;
    if (to - from > room) {
      this.head += text.slice(from, from + room);
      this.cut = true;
    } else {
      this.head += text.slice(from, to);
    }
  }

  private endLine(): void {
    if (this.skipping) {
      this.skipping = false;
      return;
    }
    const [line, cut] = [this.head, this.cut];
    this.head = '';
    this.cut = false;
    this.emit(line, cut);
  }
}

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function finish(parser: BuildLogParser, total: number, read: number): ParsedLog {
  return { problems: parser.finish(), total, read, cutLines: parser.cutLines, droppedProblems: parser.droppedProblems };
}

/** Parses text (the clipboard), at most the last `maxBytes` characters, a slice per turn of the event loop. */
export async function parseLogText(text: string, limits: ReadLimits = {}): Promise<ParsedLog> {
  const parser = new BuildLogParser(limits);
  const from = Math.max(0, text.length - (limits.maxBytes ?? MAX_LOG_BYTES));
  const lines = new LineSplitter((line, cut) => parser.push(line, cut), limits.maxLineChars, from > 0);
  for (let at = from; at < text.length; at += SLICE_CHARS) {
    lines.push(text.slice(at, at + SLICE_CHARS));
    await turn();
  }
  lines.end();
  return finish(parser, text.length, text.length - from);
}

/** The encoding a byte order mark names: PowerShell's `>` writes UTF-16LE. */
function encodingOf(start: Uint8Array): { encoding: string; unit: number } {
  if (start[0] === 0xff && start[1] === 0xfe) return { encoding: 'utf-16le', unit: 2 };
  if (start[0] === 0xfe && start[1] === 0xff) return { encoding: 'utf-16be', unit: 2 };
  return { encoding: 'utf-8', unit: 1 };
}

/** Streams a log file through the parser: at most the last `maxBytes`, 64 KB per turn of the event loop. */
export async function parseLogFile(file: string, limits: ReadLimits = {}): Promise<ParsedLog> {
  const handle = await fs.promises.open(file, 'r');
  let size: number;
  const bom = new Uint8Array(2);
  try {
    size = (await handle.stat()).size;
    await handle.read(bom, 0, 2, 0);
  } finally {
    await handle.close();
  }
  const { encoding, unit } = encodingOf(bom);
  const maxBytes = limits.maxBytes ?? MAX_LOG_BYTES;
  // From the end, on a code unit boundary (UTF-8 resynchronises by itself; the first line is dropped anyway).
  let from = Math.max(0, size - maxBytes);
  from += from % unit;
  const parser = new BuildLogParser(limits);
  const lines = new LineSplitter((line, cut) => parser.push(line, cut), limits.maxLineChars, from > 0);
  // The byte order mark's encoding, even when reading starts past the mark.
  const decoder = new TextDecoder(encoding);
  for await (const chunk of fs.createReadStream(file, { start: from, highWaterMark: SLICE_CHARS })) {
    lines.push(decoder.decode(chunk as Buffer, { stream: true }));
    await turn();
  }
  lines.push(decoder.decode());
  lines.end();
  return finish(parser, size, size - from);
}

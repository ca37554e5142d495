/**
 * Item 8 (issue 12, log import): the parser and the problem matchers on hostile lines, each
 * against benign lines of the same length in the same process, and the throughput of a large
 * real-looking log streamed from disk, with the longest the event loop waited meanwhile.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseLogFile, parseLogText } from '../src/fix/logReader';
import { median, type Row } from './stats';

const ROOT = path.resolve(__dirname, '..', '..');

const fill = (length: number, head: string, unit: string, tail = ''): string =>
  head + unit.repeat(Math.max(0, Math.floor((length - head.length - tail.length) / unit.length))) + tail;

/**
 * Lines that made the old expressions backtrack (recheck's attack strings and their kin), and a
 * benign compiler error of the same length for each.
 */
export function hostileLines(length: number): { hostile: string[]; benign: string[] } {
  const hostile = [
    fill(length, 'ERROR: x', ' at: (res://a:1', 'x'),
    `ERROR: x\n${fill(length, 'at: ', '(res://:', 'E')}`,
    fill(length, 'ERROR: x', ' ', 'y'),
    fill(length, 'a.cpp:1:1: error: x', ' ', 'y'),
    fill(length, 'a.cpp(1): error C1: x', ' ', 'y'),
    `${fill(length / 2, 'A(0):NOTE ', '\t')}:${fill(length / 2, '', '\t', 'T(0):NOTE\u2028:')}`,
    fill(length, 'l:0:note:', ' ', 'g:0:\u2028note:'),
    fill(length, 'res://C:0 -\t', ' ', ' res:// :0\u2028-\t'),
    fill(length, 'ERROR:E:0:\t', '\t', '\u2028::0:\u2028'),
    fill(length, 'UATHelper:\t', '\t', '\t'),
  ];
  const benign = hostile.map((line) =>
    line
      .split('\n')
      .map((part) => fill(part.length, "Assets/Scripts/Player.cs(12,5): error CS0029: Cannot implicitly convert type 'string' to ", 'word ', "'int'"))
      .join('\n'),
  );
  return { hostile, benign };
}

/** The same lines for VS Code's problem matchers (no U+2028 tricks needed there: one line each, no flags). */
function hostileMatcherLines(length: number): { hostile: string[]; benign: string[] } {
  const hostile = [
    fill(length, '', ' ', 'x'),
    fill(length, 'Assets/a.cs(1,1): error CS0001: x', ' ', 'y'),
    fill(length, 'a.cpp(1): error C1234: x', ' ', 'y'),
    fill(length, 'a.cpp:1:1: error: x', ' ', 'y'),
    fill(length, 'a.hlsl:1:1: error: x', ' ', 'y'),
    fill(length, 'a.hlsl(1,1): error X1234: x', ' ', 'y\u2028y'),
    fill(length, 'ERROR:', ' ', 'x\u2028x'),
    fill(length, 'ERROR: a:1:', ' ', 'x\u2028x'),
    fill(length, ' at: ', '(res://a:1', 'x'),
    fill(length, 'a', '(1)', ' x'),
    fill(length, 'a', ':1:', ' x'),
  ];
  const benign = hostile.map((line) => fill(line.length, "Assets/Scripts/Player.cs(12,5): error CS0029: Cannot convert ", 'word ', "'int'"));
  return { hostile, benign };
}

/** A log like a long Unity/Unreal/Godot session: mostly noise, a compiler problem every 20 lines. */
function realisticLog(bytes: number): string {
  const noise = [
    'Refreshing native plugins compatible for Editor in 2.34 ms, found 3 plugins.',
    '[2024.01.15-10.22.33:123][  0]LogInit: Display: Running engine for game: Shooter',
    'Start importing Assets/Textures/Rock_Albedo.png using Guid(5f2c1a9e0b3d4f1a8c7e6d5b4a392817) Importer(-1,00000000000000000000000000000000)',
    '1>[12/240] Compile Module.Shooter.3_of_12.cpp',
    '   88 |     return Ammo;',
    'Godot Engine v4.2.1.stable.official.b09f793f5 - https://godotengine.org',
    '',
  ];
  const problems = [
    "Assets/Scripts/Player.cs(12,5): error CS0029: Cannot implicitly convert type 'string' to 'int'",
    "1>C:\\Users\\Jane Doe\\Documents\\Unreal Projects\\Shooter\\Source\\Shooter\\Weapon.cpp(90,12): error C2065: 'Ammo': undeclared identifier [C:\\Users\\Jane Doe\\Shooter.vcxproj]",
    "\u001b[1mSource/Game/Weapon.h:12:7: \u001b[0m\u001b[0;1;35mwarning: \u001b[0munused variable 'spread' [-Wunused-variable]",
    'SCRIPT ERROR: Invalid call. Nonexistent function \'jump\' in base \'Nil\'.\n          at: _physics_process (res://enemies/slime.gd:41)',
    "shaders/water.hlsl(14,9-20): error X3004: undeclared identifier 'foamColor'",
  ];
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    // Numbered, so problems differ and the parser's cap is reached like in a real long session.
    const line = i % 20 === 0 ? problems[(i / 20) % problems.length].replace(/\((\d+)/, `(${i}`) : noise[i % noise.length];
    lines.push(line);
    size += line.length + 1;
  }
  return lines.join('\n');
}

function time(work: () => void): number {
  const start = performance.now();
  work();
  return performance.now() - start;
}

async function timeAsync(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

export interface LogImportReport {
  readonly parserHostileMs: number[];
  readonly parserBenignMs: number[];
  readonly matcherHostileMs: number[];
  readonly matcherBenignMs: number[];
  readonly logBytes: number;
  readonly fileMs: number[];
  readonly readOnlyMs: number[];
  readonly maxStallMs: number[];
  readonly problems: number;
}

/** Reads the file the way the import does, without parsing: the baseline of the throughput. */
async function readOnly(file: string): Promise<number> {
  const decoder = new TextDecoder();
  let lines = 0;
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 64 * 1024 })) {
    lines += decoder.decode(chunk as Buffer, { stream: true }).split('\n').length;
    await new Promise((resolve) => setImmediate(resolve));
  }
  return lines;
}

export async function benchLogImport(runs: number, progress: (line: string) => void): Promise<LogImportReport> {
  const parser = hostileLines(32 * 1024);
  const matcher = hostileMatcherLines(16 * 1024);
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    contributes: { problemMatchers: Array<{ pattern: { regexp: string } | Array<{ regexp: string }> }> };
  };
  const regexps = manifest.contributes.problemMatchers.flatMap((m) => (Array.isArray(m.pattern) ? m.pattern : [m.pattern]).map((p) => new RegExp(p.regexp)));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mg-bench-log-'));
  const file = path.join(dir, 'Editor.log');
  fs.writeFileSync(file, realisticLog(32 * 1024 * 1024));
  const report = {
    parserHostileMs: [] as number[],
    parserBenignMs: [] as number[],
    matcherHostileMs: [] as number[],
    matcherBenignMs: [] as number[],
    logBytes: fs.statSync(file).size,
    fileMs: [] as number[],
    readOnlyMs: [] as number[],
    maxStallMs: [] as number[],
    problems: 0,
  };
  try {
    // One warm-up of each, then the runs.
    for (let run = -1; run < runs; run++) {
      progress(`  log import run ${run + 1} of ${runs}${run < 0 ? ' (warm-up)' : ''}…`);
      const hostile = await timeAsync(() => parseLogText(parser.hostile.join('\n')));
      const benign = await timeAsync(() => parseLogText(parser.benign.join('\n')));
      const matchHostile = time(() => matcher.hostile.forEach((line) => regexps.forEach((re) => re.exec(line))));
      const matchBenign = time(() => matcher.benign.forEach((line) => regexps.forEach((re) => re.exec(line))));
      const stalls = monitorEventLoopDelay({ resolution: 1 });
      stalls.enable();
      let problems = 0;
      const parse = await timeAsync(async () => {
        problems = (await parseLogFile(file)).problems.length;
      });
      stalls.disable();
      const read = await timeAsync(() => readOnly(file));
      if (run < 0) continue;
      report.parserHostileMs.push(hostile);
      report.parserBenignMs.push(benign);
      report.matcherHostileMs.push(matchHostile);
      report.matcherBenignMs.push(matchBenign);
      report.fileMs.push(parse);
      report.readOnlyMs.push(read);
      report.maxStallMs.push(stalls.max / 1e6);
      report.problems = problems;
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return report;
}

export function logImportRows(report: LogImportReport): Row[] {
  const hostile = median(report.parserHostileMs);
  const benign = median(report.parserBenignMs);
  const matchHostile = median(report.matcherHostileMs);
  const matchBenign = median(report.matcherBenignMs);
  const mb = report.logBytes / 1024 / 1024;
  const throughput = mb / (median(report.fileMs) / 1000);
  const readThroughput = mb / (median(report.readOnlyMs) / 1000);
  const runs = report.fileMs.length;
  return [
    {
      item: 8,
      figure: 'log import: hostile 32 KB lines vs benign lines of the same length',
      value: hostile,
      unit: 'ms',
      baseline: benign,
      ratio: hostile / benign,
      goal: { max: 3 },
      goalOn: 'ratio',
      runs,
      note:
        `parseLogText on ${hostileLines(32 * 1024).hostile.length} lines shaped like recheck's attacks on the old expressions (the old parser took 86 s on the ` +
        `first one alone, > 150 s on another), against compiler errors of the same lengths.`,
    },
    {
      item: 8,
      figure: 'problem matchers: hostile 16 KB lines vs benign lines',
      value: matchHostile,
      unit: 'ms',
      baseline: matchBenign,
      ratio: matchHostile / matchBenign,
      goal: { max: 3 },
      goalOn: 'ratio',
      runs,
      note: `every package.json problem matcher regexp on ${hostileMatcherLines(16 * 1024).hostile.length} hostile lines (the old ones: 0.3–1.0 s per line).`,
    },
    {
      item: 8,
      figure: `log import: throughput of a ${mb.toFixed(0)} MB Editor.log-like file`,
      value: throughput,
      unit: 'MB/s',
      baseline: readThroughput,
      ratio: readThroughput / throughput,
      runs,
      note: `parseLogFile (streamed, 64 KB per turn of the event loop, ${report.problems} problems kept) vs reading and splitting the same file; no goal in the issue.`,
    },
    {
      item: 8,
      figure: 'log import: longest event-loop wait during that import',
      value: median(report.maxStallMs),
      unit: 'ms',
      goal: { max: 50 },
      runs,
      note: 'perf_hooks.monitorEventLoopDelay max while parseLogFile ran: how long the extension host could not answer anything else.',
    },
  ];
}

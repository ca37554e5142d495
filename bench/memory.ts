/**
 * Item 18 (issue 16): memory. The extension host's heap (this process: the product's controller,
 * engine and store run here, as in the bench's other webview items) and the webview's JS heap
 * (CDP `Runtime.getHeapUsage`), each after a full collection: an empty view, the 1,000-message
 * conversation open, after the first of 20 streamed 20,000-token answers, and after the twentieth.
 * The growth per answer after the first is set against what the new messages hold (the answer's
 * text, and the question's), so a leak shows as a ratio well above 1.
 */
import * as fs from 'node:fs';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import type { Harness } from '../test/webview/harness';
import { CONVERSATION_ID, savedHistory } from './bigConversation';
import type { GatewayProcess } from './gatewayProcess';
import { benchQuestion, historyFolder, ProductSession, streamAnswer } from './product';
import { stringBytes, type Row } from './stats';

export const ANSWERS = 20;
const ANSWER_TOKENS = 20_000;

/** Node's `gc`, without starting the bench with `--expose-gc`. */
function hostGc(): () => void {
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}

export interface HeapPoint {
  readonly host: number;
  readonly webview: number;
}

export interface MemoryRun {
  readonly empty: HeapPoint;
  readonly open: HeapPoint;
  readonly afterFirst: HeapPoint;
  readonly afterLast: HeapPoint;
  /** Bytes V8 keeps for the texts of the messages added after the first answer (19 questions and answers). */
  readonly laterBytes: number;
  readonly answers: number;
}

export async function benchMemory(harness: Harness, gateway: GatewayProcess, progress: (line: string) => void): Promise<MemoryRun> {
  const gc = hostGc();
  const saved = await savedHistory();
  await gateway.reset();
  const session = await ProductSession.open(harness, gateway.url, historyFolder(saved.folder));
  const point = async (): Promise<HeapPoint> => {
    gc();
    gc();
    return { host: process.memoryUsage().heapUsed, webview: await session.probed.heapUsed() };
  };
  try {
    const empty = await point();
    await session.controller.openConversation(CONVERSATION_ID);
    await session.probed.paintOf(session.probed.posted.length - 1);
    const open = await point();
    progress(`  open: host ${(open.host / 1048576).toFixed(1)} MB, webview ${(open.webview / 1048576).toFixed(1)} MB`);
    let afterFirst = open;
    let laterBytes = 0;
    for (let answer = 1; answer <= ANSWERS; answer++) {
      const question = benchQuestion(ANSWER_TOKENS);
      await streamAnswer(session, question);
      await session.probed.paintOf(session.probed.posted.length - 1);
      // The probe's own record of what was posted (every delta's text) lives in this heap too and is
      // not the product's: the texts are dropped, the indices (the probe's sequence numbers) kept.
      session.probed.forgetPostedTexts();
      const messages = session.controller.messages;
      if (answer === 1) afterFirst = await point();
      else laterBytes += stringBytes(question) + stringBytes(messages[messages.length - 1]?.text ?? '');
      if (answer % 5 === 0) progress(`  answer ${answer}/${ANSWERS} streamed`);
    }
    const afterLast = await point();
    return { empty, open, afterFirst, afterLast, laterBytes, answers: ANSWERS };
  } finally {
    await session.close();
    fs.rmSync(saved.folder, { recursive: true, force: true });
  }
}

export function memoryRows(run: MemoryRun): Row[] {
  const mb = (bytes: number): number => bytes / 1048576;
  const kb = (bytes: number): number => bytes / 1024;
  const later = run.answers - 1;
  // The text the later messages hold as V8 keeps it: the gateway's answers carry a `…`, so two bytes a character.
  const heldPerAnswer = run.laterBytes / later;
  const perAnswer = (side: keyof HeapPoint): number => (run.afterLast[side] - run.afterFirst[side]) / later;
  const row = (side: keyof HeapPoint, where: string): Row[] => [
    {
      item: 18,
      figure: `${where} heap, the 1,000-message conversation open`,
      value: mb(run.open[side]),
      unit: 'MB',
      baseline: mb(run.empty[side]),
      ratio: run.open[side] / run.empty[side],
      runs: 1,
    },
    {
      item: 18,
      figure: `${where} heap growth per 20,000-token answer after the first`,
      value: kb(perAnswer(side)),
      unit: 'KB',
      baseline: kb(heldPerAnswer),
      ratio: perAnswer(side) / heldPerAnswer,
      runs: 1,
      note: `after a full collection; baseline: the bytes V8 keeps for the text of each later question and answer (${kb(heldPerAnswer).toFixed(1)} KB); ${(perAnswer(side) / 2).toFixed(0)} bytes per message over ${later} answers (${(mb(run.afterLast[side] - run.afterFirst[side])).toFixed(2)} MB in all; first answer: ${(mb(run.afterFirst[side] - run.open[side])).toFixed(2)} MB).`,
    },
  ];
  return [...row('host', 'extension host'), ...row('webview', 'webview JS')];
}

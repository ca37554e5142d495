/**
 * VS Code's own agent (the Chat view's agent mode, Copilot Chat built into code-server 1.139) on a
 * Monster Gaming model, with no GitHub sign-in (`chat.allowAnonymousAccess`, environment.ts): the
 * development gateway, as the model, calls VS Code's built-in read_file on a workspace file and
 * our compile-shader tool (real glslangValidator) on the sample's broken shader, and our
 * analyze-crash tool on a player log (Analyze Crash's parse, the gateway's POST /debug/analyze);
 * the answers quote what the tools returned. The user allows tool calls in the chat when VS Code asks (it asks
 * before our compile-shader tool runs a process; reading a workspace file needs no question).
 *
 * The agent is VS Code's default Agent with all its tools (43 in 1.139, 57 KB of definitions; with
 * its 11 KB prompt the first request is 70 KB): the provider shortens the tools' usage advice to
 * stay within the Monster Gaming gateway's 64 KB (src/answering/toolFit.ts), so what a user gets
 * by just picking Agent and Monster GPT is what is proven here.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Locator } from 'playwright-core';
import { ChatView } from './chatView';
import { CODE_SERVER, env, RESULTS_DIR } from './environment';
import { closeSettingsEditor, editUserSettings, settingsFile } from './userSettings';
import { waitUntil } from './wait';

const KEY = 'mg_live_studio_e2e_vscode_agent';
const AGENT = 'Agent';
const SCRIPT = 'Assets/Scripts/Inventory.cs';
const SHADER = 'Assets/Shaders/Ripple.frag';
/** A player log the test writes into the workspace: a crash whose top frame is in Inventory.cs. */
const CRASH_LOG = 'Logs/Player.log';
const CRASH = [
  'Initialize engine version: 6000.0.23f1',
  'NullReferenceException: Object reference not set to an instance of an object',
  '  at Inventory.AddItem (Item item) [0x0001c] in C:\\Users\\dev\\Game\\Assets\\Scripts\\Inventory.cs:7 ',
  '  at UnityEngine.Internal.$MethodUtility.InvokeMethod (System.Object target, System.Void* method) [0x00000] in <a1b2c3>:0 ',
  '',
].join('\n');
/** The Monster Gaming gateway's body limit, and what our engine puts in place of a tool result it cuts (src/answering/bodyLimit.ts). */
const BODY_LIMIT_BYTES = 64 * 1024;
const CUT_BY_US = /^Earlier tool result left out to keep the request within its size limit/;
/** Our model as VS Code's utility-model settings name it (`vendor/id`). */
const UTILITY_MODEL = 'monstergaming/monster-gpt';
const UTILITY_SETTINGS = ['chat.utilityModel', 'chat.utilitySmallModel'] as const;
/** Copilot Chat's title job (sent to chat.utilitySmallModel). */
const TITLE_PROMPT = 'Please write a brief title for the following request:';

interface SentMessage {
  readonly role: string;
  readonly content: string | null;
  readonly tool_call_id?: string;
  readonly tool_calls?: ReadonlyArray<{ readonly id: string; readonly function: { readonly name: string; readonly arguments: string } }>;
}
interface SentBody {
  readonly model: string;
  readonly tools?: ReadonlyArray<{ readonly function: { readonly name: string } }>;
  readonly messages: readonly SentMessage[];
}

/** What the gateway recorded of one agent turn: the tools offered, each call and the tool message answering it. */
interface RecordedTurn {
  readonly question: string;
  readonly requests: number;
  readonly offered: readonly string[];
  /** The button the user clicked each time VS Code asked before running a tool. */
  readonly confirmations: readonly string[];
  readonly calls: ReadonlyArray<{ readonly id: string; readonly name: string; readonly arguments: unknown; readonly result: string }>;
}

const turns: RecordedTurn[] = [];

function recordedTurn(question: string, confirmations: readonly string[]): RecordedTurn {
  const bodies = env()
    .gateway.requests.filter((r) => r.path === '/v1/chat/completions' && r.status === 200)
    .map((r) => r.body as SentBody)
    .filter((b) => (b.tools?.length ?? 0) > 0);
  const last = bodies.at(-1);
  assert.ok(last, 'the agent sent requests with tools to the gateway');
  const calls = last.messages.flatMap((m, i) =>
    (m.tool_calls ?? []).map((call) => {
      const answered = last.messages.slice(i + 1).find((r) => r.role === 'tool' && r.tool_call_id === call.id);
      return { id: call.id, name: call.function.name, arguments: JSON.parse(call.function.arguments) as unknown, result: answered?.content ?? '(no tool message)' };
    }),
  );
  return { question, requests: bodies.length, confirmations, offered: (last.tools ?? []).map((t) => t.function.name), calls };
}

describe("VS Code's agent mode on Monster Gaming models", function () {
  this.timeout(240_000);
  let chat: ChatView;

  before(async () => {
    const { workbench } = env();
    await workbench.setApiKey(KEY, 'Studio · production');
    await workbench.dismissNotifications();
    await workbench.runCommand('View: Close All Editors');
    chat = new ChatView(workbench);
  });

  after(async () => {
    const { workbench } = env();
    const saved = JSON.parse(fs.readFileSync(settingsFile(), 'utf8')) as Record<string, unknown>;
    if (UTILITY_SETTINGS.some((key) => saved[key] !== undefined)) await editUserSettings(Object.fromEntries(UTILITY_SETTINGS.map((key) => [key, undefined])));
    fs.writeFileSync(path.join(RESULTS_DIR, 'vscode-agent-turns.json'), `${JSON.stringify(turns, null, 2)}\n`);
    // The next suites find the Chat view in Ask mode, closed.
    await workbench.runCommand('Chat: Open Chat (Ask)').catch(() => undefined);
    await chat.close().catch(() => undefined);
  });

  /** Picks a mode or custom agent in the Chat view's agent picker, by name (nothing when it is picked). */
  async function pickAgent(name: string): Promise<void> {
    const { page } = env();
    // 1.139 names the mode in the picker's text; 1.116's picker is an icon named "Set Agent (Ctrl+.) - …".
    const labels = page.locator('.interactive-input-part .action-label');
    const picked = labels.filter({ hasText: new RegExp(`^\\s*${name}\\s*$`) }).or(labels.and(page.locator(`[aria-label^="Set ${name} ("]`))).first();
    if (await picked.isVisible()) return;
    await page.locator('.interactive-input-part .action-label').filter({ hasText: /^\s*(Agent|Ask|Plan)\s*$/ }).first().click();
    await page.locator('.action-widget').filter({ visible: true }).first().waitFor({ timeout: 10_000 });
    // The keyboard, not a click: the list re-renders while it opens, and a click can land on its overlay.
    for (let step = 0; step < 10; step++) {
      const focused = page.locator('.action-widget .monaco-list-row.focused').first();
      if (((await focused.getAttribute('aria-label', { timeout: 2_000 }).catch(() => null)) ?? '').startsWith(`${name},`)) break;
      await page.keyboard.press('ArrowDown');
    }
    await page.keyboard.press('Enter');
    await picked.waitFor({ timeout: 10_000 }).catch(async (error: unknown) => {
      await env().workbench.screenshot('FAILED-agent-picker');
      throw new Error(`"${name}" was not picked; the picker had: ${(await page.locator('.action-widget .monaco-list-row').allInnerTexts()).join(' | ')}`, { cause: error });
    });
  }

  /**
   * Sends `text` and waits for the answer, allowing each tool call VS Code asks about (the
   * confirmation in the chat) as a user would; `confirmations` collects the buttons clicked.
   */
  async function askAllowing(text: string, shot: string, confirmations: string[]): Promise<Locator> {
    const { page, workbench } = env();
    await chat.send(text);
    await page.locator('.interactive-item-container.interactive-request').filter({ hasText: text }).last().waitFor({ timeout: 30_000 });
    const response = page.locator('.interactive-item-container.interactive-response.chat-most-recent-response');
    const deadline = Date.now() + 120_000;
    for (;;) {
      // VS Code 1.139 asks above the chat input: "Compile shader?" … [Allow in this Session ▾] [Skip].
      const allow = page.locator('.monaco-button').filter({ hasText: /^\s*(Allow|Allow Once|Allow in this Session|Continue)\s*$/, visible: true }).first();
      if (await allow.isVisible()) {
        confirmations.push((await allow.innerText()).trim());
        await workbench.screenshot(shot);
        await allow.click();
        continue;
      }
      if (await response.and(page.locator(':not(.chat-response-loading)')).isVisible()) return response;
      if (Date.now() > deadline) throw new Error(`No answer to "${text}" within 120 s`);
      await page.waitForTimeout(250);
    }
  }

  /** A new chat in the Chat view's agent mode on Monster GPT, opening the view first when `open`; the gateway's record starts empty. */
  async function newAgentChat(open: boolean): Promise<void> {
    const { workbench, gateway } = env();
    if (open) {
      await workbench.runCommand('Chat: Open Chat (Agent)');
      await chat.input().waitFor({ timeout: 20_000 });
    }
    await chat.newChat();
    await pickAgent(AGENT);
    await chat.pickModel('Monster GPT');
    gateway.reset();
  }

  /** Opens the collapsed "Completed N steps" of a response, so the screenshot shows the tool calls. */
  async function showSteps(response: Locator): Promise<void> {
    const steps = response.getByText(/^Completed \d+ steps?/).first();
    if (await steps.isVisible()) await steps.click();
  }

  /** Asks `question` in the agent chat, allowing tool calls; the response, its text (spaces collapsed) and the turn as the gateway recorded it (kept for the closing note). */
  async function askAgent(question: string, shot: string): Promise<{ response: Locator; text: string; turn: RecordedTurn; confirmations: string[] }> {
    const confirmations: string[] = [];
    const response = await askAllowing(question, shot, confirmations);
    const turn = recordedTurn(question, confirmations);
    turns.push(turn);
    return { response, text: (await response.innerText()).replace(/\s+/g, ' '), turn, confirmations };
  }

  /** The turn offered our tool `name` and called it once with `args`, after VS Code asked (`asked`) and the user allowed it for the session; that call. */
  function ourToolCalledOnce(turn: RecordedTurn, confirmations: readonly string[], name: string, args: unknown, asked: string): RecordedTurn['calls'][number] {
    assert.ok(turn.offered.includes(name), `VS Code offered our tool (offered: ${turn.offered.join(', ')})`);
    assert.equal(turn.calls.length, 1, JSON.stringify(turn.calls));
    const [call] = turn.calls;
    assert.equal(call.name, name);
    assert.deepEqual(call.arguments, args);
    assert.deepEqual(confirmations, ['Allow in this Session'], asked);
    return call;
  }

  it("offers Monster GPT in agent mode; a question has the gateway call VS Code's read_file on a workspace file, and the answer quotes it", async () => {
    const { workbench, workspace } = env();
    await newAgentChat(true);
    const question = `Quote line 7 of ${SCRIPT}`;
    const { response, text, turn, confirmations } = await askAgent(question, '42-vscode-agent-read-file-confirm');
    const line7 = fs.readFileSync(path.join(workspace, SCRIPT), 'utf8').split(/\r?\n/)[6].trim();
    // The Chat view shows a workspace path as a file pill with its base name.
    assert.match(text, /Line 7 of (?:Assets\/Scripts\/)?Inventory\.cs reads:/, text);
    assert.ok(text.includes(line7), `the answer quotes line 7 (${line7}): ${text}`);
    await showSteps(response);
    await workbench.screenshot('42-vscode-agent-read-file');

    assert.ok(turn.offered.includes('read_file'), `VS Code offered its read_file (offered: ${turn.offered.join(', ')})`);
    assert.ok(turn.offered.length >= 30, `the default Agent's whole tool set was offered (${turn.offered.length})`);
    assert.equal(turn.calls.length, 1, JSON.stringify(turn.calls));
    const [call] = turn.calls;
    assert.equal(call.name, 'read_file');
    assert.deepEqual(confirmations, [], 'reading a workspace file needs no question');
    assert.deepEqual(call.arguments, { filePath: path.join(workspace, SCRIPT), startLine: 1, endLine: 40 }, 'an absolute path from the workspace folder VS Code named');
    assert.ok(call.result.includes(line7), `the tool message (tool_call_id ${call.id}) carried the file: ${call.result.slice(0, 300)}`);
  });

  it('has the gateway call our compile-shader tool on the broken shader (real glslangValidator); the answer names the error line', async () => {
    const { workbench, workspace } = env();
    await newAgentChat(false);
    const question = `Which line of ${SHADER} fails to compile?`;
    const { response, text, turn, confirmations } = await askAgent(question, '43-vscode-agent-compile-shader-confirm');
    const broken = fs.readFileSync(path.join(workspace, SHADER), 'utf8').split(/\r?\n/).findIndex((l) => /\btnt\b/.test(l)) + 1;
    assert.match(text, new RegExp(`Line ${broken} of (?:Assets/Shaders/)?Ripple\\.frag fails to compile: 'tnt' : undeclared identifier`), text);
    await showSteps(response);
    await workbench.screenshot('43-vscode-agent-compile-shader');

    const call = ourToolCalledOnce(turn, confirmations, 'monsterGaming_compileShader', { path: SHADER }, 'VS Code asked ("Compile shader?") before our tool ran the compiler, and the user allowed it');
    assert.match(call.result, new RegExp(`Ripple\\.frag:${broken}:\\d+: error: 'tnt' : undeclared identifier`), `glslangValidator's report went back as the tool message (tool_call_id ${call.id})`);
  });

  it('has the gateway call our analyze-crash tool on a crash log in the workspace; the answer names the top frame', async () => {
    const { workbench, workspace, gateway } = env();
    const log = path.join(workspace, CRASH_LOG);
    const made = !fs.existsSync(path.dirname(log));
    const kept = fs.existsSync(log) ? fs.readFileSync(log) : undefined;
    fs.mkdirSync(path.dirname(log), { recursive: true });
    fs.writeFileSync(log, CRASH);
    try {
      await newAgentChat(false);
      const question = `What crashed in ${CRASH_LOG}?`;
      const { response, text, turn, confirmations } = await askAgent(question, '46-vscode-agent-analyze-crash-confirm');
      assert.match(text, /The crash in (?:Logs\/)?Player\.log: Root Cause: The crash happens in Inventory\.AddItem/, text);
      await showSteps(response);
      await workbench.screenshot('46-vscode-agent-analyze-crash');

      const call = ourToolCalledOnce(turn, confirmations, 'monsterGaming_analyzeCrash', { path: CRASH_LOG }, 'VS Code asked ("Analyze crash?") before the stack went to the gateway, and the user allowed it');
      const analyzed = gateway.requests.filter((r) => r.path === '/v1/debug/analyze').map((r) => r.body as { stack_trace?: string[] });
      assert.deepEqual(analyzed.map((b) => b.stack_trace?.[0]), ['Inventory.AddItem (Assets/Scripts/Inventory.cs:7)'], 'the top frame went as a workspace path');
      assert.match(call.result, /\*\*Root Cause:\*\* The crash happens in `Inventory\.AddItem \(Assets\/Scripts\/Inventory\.cs:7\)`/, 'the analysis went back as the tool message');
    } finally {
      if (kept) fs.writeFileSync(log, kept);
      else fs.rmSync(made ? path.dirname(log) : log, { recursive: true, force: true });
    }
  });

  it('a conversation grown past the 64 KB body is trimmed by VS Code (its budget is our maxInputTokens), not by our engine', async () => {
    const { workbench, workspace, gateway } = env();
    // Two reads of 40 lines of ~300 characters (~12 KB each): the second turn's history, its own
    // read, VS Code's 11 KB prompt and the tools' 30 KB (shortened) would be ~70 KB.
    const files = ['Assets/Data/Waves1.txt', 'Assets/Data/Waves2.txt'];
    const folder = path.join(workspace, 'Assets', 'Data');
    const made = !fs.existsSync(folder);
    for (const [n, file] of files.entries()) {
      const lines = Array.from({ length: 60 }, (_, i) => `wave ${n + 1}.${i + 1}: ${Array.from({ length: 28 }, (_, k) => `spawn goblin_${k} at (${i * 3 + k}, ${k * 7}) delay ${k}ms`).join('; ')}`.slice(0, 300));
      fs.mkdirSync(path.dirname(path.join(workspace, file)), { recursive: true });
      fs.writeFileSync(path.join(workspace, file), `${lines.join('\n')}\n`);
    }
    try {
      await newAgentChat(true);
      const first = await askAgent(`Quote line 7 of ${files[0]}`, '47-vscode-agent-long-confirm');
      assert.match(first.text, /Line 7 of (?:Assets\/Data\/)?Waves1\.txt reads: wave 1\.7:/, first.text);
      const second = await askAgent(`Quote line 8 of ${files[1]}`, '47-vscode-agent-long-confirm');
      assert.match(second.text, /Line 8 of (?:Assets\/Data\/)?Waves2\.txt reads: wave 2\.8:/, second.text);
      await workbench.screenshot('47-vscode-agent-long-conversation');
      const bodies = gateway.requests.filter((r) => r.path === '/v1/chat/completions' && r.status === 200 && ((r.body as SentBody).tools?.length ?? 0) > 0).map((r) => r.body as SentBody);
      const sizes = bodies.map((b) => Buffer.byteLength(JSON.stringify(b), 'utf8'));
      assert.ok(sizes.every((size) => size <= BODY_LIMIT_BYTES), `every request within 64 KB: ${sizes.join(', ')}`);
      const cutByUs = bodies.filter((b) => b.messages.some((m) => m.role === 'tool' && CUT_BY_US.test(m.content ?? '')));
      assert.equal(cutByUs.length, 0, `VS Code trimmed its history itself; our engine left out no tool result (request sizes ${sizes.join(', ')})`);
    } finally {
      for (const file of files) fs.rmSync(path.join(workspace, file), { force: true });
      if (made) fs.rmSync(folder, { recursive: true, force: true });
    }
  });

  /**
   * The models VS Code's Settings editor offers for each utility-model setting (an enum of the
   * registered models), read from the settings' drop-downs; the small model's is opened for the shot.
   */
  async function utilityChoices(): Promise<Record<string, string[]>> {
    const { page, workbench } = env();
    await workbench.runCommand('Preferences: Open Settings (UI)');
    const search = page.locator('.settings-editor .settings-header .monaco-editor').filter({ visible: true }).first();
    await search.waitFor({ timeout: 15_000 });
    await search.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('chat.utility');
    const choices: Record<string, string[]> = {};
    for (const [setting, title] of [[UTILITY_SETTINGS[0], 'Utility Model'], [UTILITY_SETTINGS[1], 'Utility Small Model']] as const) {
      const row = page.locator('.settings-editor .setting-item-contents').filter({ visible: true, has: page.locator('.setting-item-title', { hasText: new RegExp(`^\\s*Chat: ${title}\\s*$`) }) }).first();
      const select = row.locator('select');
      await select.waitFor({ timeout: 15_000 });
      choices[setting] = (await select.locator('option').allInnerTexts()).map((c) => c.trim());
      if (setting === 'chat.utilitySmallModel') {
        await select.click();
        await page.locator('.monaco-select-box-dropdown-container').filter({ visible: true }).first().waitFor({ timeout: 5_000 }).catch(() => undefined);
        await workbench.screenshot('44-vscode-utility-model-setting');
        await page.keyboard.press('Escape');
      }
    }
    await closeSettingsEditor();
    return choices;
  }

  it("lists Monster GPT among VS Code's BYOK utility models; set as one, it writes the agent chat's title", async function () {
    // VS Code 1.116's Copilot Chat has no utility-model settings (chat.utilityModel came later): pending there.
    if (CODE_SERVER.tier === 'agent') this.skip();
    const { workbench, gateway, page } = env();
    const choices = await utilityChoices();
    for (const setting of UTILITY_SETTINGS) {
      assert.ok(choices[setting]?.some((c) => c.startsWith('Monster GPT')), `${setting} offers Monster GPT: ${(choices[setting] ?? []).join(' | ')}`);
    }
    await editUserSettings(Object.fromEntries(UTILITY_SETTINGS.map((key) => [key, UTILITY_MODEL])));

    await newAgentChat(true);
    const question = `Quote line 7 of ${SCRIPT}`;
    await askAllowing(question, '45-vscode-utility-model-confirm', []);
    const titled = (): Array<{ status: number; model: string }> =>
      gateway.requests
        .filter((r) => r.path === '/v1/chat/completions' && (r.body as SentBody).messages.some((m) => m.role === 'user' && (m.content ?? '').startsWith(TITLE_PROMPT)))
        .map((r) => ({ status: r.status ?? 0, model: (r.body as SentBody).model }));
    await waitUntil(() => titled().length > 0, "VS Code asks the utility model for the chat's title", 60_000);
    assert.deepEqual(titled(), [{ status: 200, model: 'monster-gpt' }], 'the title job went to the Monster Gaming gateway and was answered');
    // The gateway's title (utilityJobs.ts) is shown as the chat's title, outside the conversation itself.
    const title = 'Quote line 7 of Inventory.cs';
    const shown = `[...document.querySelectorAll('.part.auxiliarybar *')].some((el) => el.children.length === 0 && el.textContent.trim() === ${JSON.stringify(title)} && !el.closest('.interactive-list') && el.getClientRects().length > 0)`;
    await page.waitForFunction(shown, undefined, { timeout: 30_000 }).catch(async (error: unknown) => {
      await workbench.screenshot('FAILED-utility-title');
      throw error;
    });
    await workbench.screenshot('45-vscode-utility-model-title');
  });
});

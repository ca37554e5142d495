/**
 * Step rows: each tool call of an answer as a compact `<details>` (tool, arguments in brief,
 * status, time) whose body is the result. Briefs and results come from the model and its tools:
 * they only ever land in `textContent`.
 */
import type { AgentStepStatus, AgentStepView } from '../../shared/protocol';
import { h, icon } from '../dom';
import type { IconName } from '../icons';

const toolIcons: Readonly<Record<string, IconName>> = {
  read_file: 'file',
  list_files: 'list-tree',
  search_text: 'search',
  search_codebase: 'search',
  get_problems: 'warning',
  edit_file: 'edit',
  create_file: 'new-file',
  run_task: 'tasklist',
  run_command: 'terminal',
  compile_shader: 'symbol-color',
  import_engine_log: 'output',
  engine_profile: 'pulse',
};

const statuses: Readonly<Record<AgentStepStatus, readonly [icon: IconName, label: string]>> = {
  running: ['loading', 'Running'],
  waiting: ['question', 'Waiting for you'],
  done: ['check', 'Done'],
  failed: ['error', 'Failed'],
  rejected: ['circle-slash', 'Rejected'],
  stopped: ['debug-stop', 'Stopped'],
};

function duration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** The steps list of an answer, created above its text on first use. */
function stepsList(article: HTMLElement): HTMLElement {
  const existing = article.querySelector<HTMLElement>(':scope > .mg-msg__steps');
  if (existing) return existing;
  const list = h('div', { class: 'mg-msg__steps', role: 'list', 'aria-label': 'Agent steps' });
  article.querySelector(':scope > .mg-msg__body')?.before(list);
  return list;
}

/** Adds the step, or updates its row in place (an open row stays open). */
export function upsertStep(article: HTMLElement, step: AgentStepView): void {
  const list = stepsList(article);
  let row = Array.from(list.children).find((el): el is HTMLDetailsElement => el instanceof HTMLDetailsElement && el.dataset.stepId === step.id);
  if (!row) {
    row = h('details', { class: 'mg-step', role: 'listitem' });
    row.dataset.stepId = step.id;
    row.append(h('summary', { class: 'mg-step__summary' }), h('pre', { class: 'mg-step__result' }));
    list.append(row);
  }
  const [statusIcon, statusLabel] = statuses[step.status] ?? statuses.running;
  row.className = `mg-step mg-step--${step.status}`;
  row.querySelector('summary')?.replaceChildren(
    icon(toolIcons[step.tool] ?? 'tools', 'mg-step__icon'),
    h('span', { class: 'mg-step__tool' }, step.tool),
    h('span', { class: 'mg-step__brief', title: step.brief }, step.brief),
    h('span', { class: 'mg-step__status', title: statusLabel }, icon(statusIcon, step.status === 'running' ? 'codicon-modifier-spin' : ''), h('span', { class: 'mg-step__label' }, statusLabel)),
    ...(step.ms === undefined ? [] : [h('span', { class: 'mg-step__time' }, duration(step.ms))]),
  );
  const result = row.querySelector('pre');
  if (result) result.textContent = step.result ?? (step.status === 'running' ? 'Running…' : 'No result.');
}

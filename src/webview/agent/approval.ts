/**
 * The approval card: what the agent waits for, with Open Diff / Accept / Reject for an edit or a
 * new file, and the exact command or task with Run / Skip. A reason (optional) goes to the model
 * with a rejection; Enter in it rejects. Focus moves to the card when a new one appears.
 */
import type { ApprovalView } from '../../shared/protocol';
import { button, h, icon } from '../dom';
import type { IconName } from '../icons';
import type { AgentHost } from './api';

const titles: Readonly<Record<ApprovalView['kind'], readonly [icon: IconName, title: string, noun: string]>> = {
  edit: ['edit', 'Edit', 'edit of'],
  create: ['new-file', 'Create', 'creation of'],
  task: ['tasklist', 'Run task', 'task'],
  command: ['terminal', 'Run command', 'command'],
};

/** Shows `approval` on answer `id` (null removes the card); the same approval again changes nothing. */
export function showApproval(host: AgentHost, article: HTMLElement, id: string, approval: ApprovalView | null): void {
  const old = article.querySelector<HTMLElement>(':scope > .mg-approval');
  if (old && approval && old.dataset.approvalId === approval.id) return;
  const hadFocus = !!old?.contains(document.activeElement);
  old?.remove();
  if (!approval) {
    if (hadFocus) host.focusPrompt();
    return;
  }
  const card = approvalCard(host, id, approval);
  article.querySelector(':scope > .mg-msg__body')?.after(card);
  card.focus();
}

function approvalCard(host: AgentHost, id: string, approval: ApprovalView): HTMLElement {
  const [kindIcon, title, noun] = titles[approval.kind];
  const file = approval.kind === 'edit' || approval.kind === 'create';
  // The command has no short name of its own: its text is in the card.
  const target = approval.kind === 'command' ? '' : ` ${approval.subject}`;
  const reason = h('input', { class: 'mg-approval__reason', type: 'text', maxlength: '2000', placeholder: 'Reason (optional, told to the agent)', 'aria-label': 'Reason for rejecting (optional)' });
  const buttons: HTMLButtonElement[] = [];
  const decide = (decision: 'accept' | 'reject'): void => {
    const text = reason.value.trim();
    for (const b of buttons) b.disabled = true;
    reason.disabled = true;
    host.post({ type: 'approve', id, approvalId: approval.id, decision, ...(decision === 'reject' && text ? { reason: text } : {}) });
  };
  reason.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.isComposing) {
      event.preventDefault();
      decide('reject');
    }
  });
  if (file) buttons.push(button({ text: 'Open Diff', label: `Open diff of ${approval.subject}`, icon: 'diff', variant: 'text', onClick: () => host.post({ type: 'openApproval', id, approvalId: approval.id }) }));
  buttons.push(
    button({ text: file ? 'Accept' : 'Run', label: `${file ? 'Accept' : 'Run'} ${noun}${target}`, icon: file ? 'check' : 'play', variant: 'primary', onClick: () => decide('accept') }),
    button({ text: file ? 'Reject' : 'Skip', label: `${file ? 'Reject' : 'Skip'} ${noun}${target}`, icon: file ? 'close' : 'debug-step-over', variant: 'secondary', onClick: () => decide('reject') }),
  );
  return h(
    'section',
    { class: `mg-approval mg-approval--${approval.kind}`, role: 'group', 'aria-label': `${title}${file || approval.kind === 'task' ? `${target}` : ''}: waiting for your approval`, tabindex: '-1', 'data-approval-id': approval.id },
    h(
      'div',
      { class: 'mg-approval__title' },
      icon(kindIcon),
      h('strong', {}, title),
      approval.kind === 'command' ? null : h('span', { class: 'mg-approval__subject', title: approval.subject }, approval.subject),
      file ? counts(approval.added ?? 0, approval.removed ?? 0) : null,
    ),
    file ? h('p', { class: 'mg-approval__detail' }, approval.detail) : h('pre', { class: 'mg-approval__command' }, approval.detail),
    h('div', { class: 'mg-approval__actions' }, ...buttons),
    reason,
  );
}

/** `+a −r` in the diff colours. */
export function counts(added: number, removed: number): HTMLElement {
  return h('span', { class: 'mg-counts', 'aria-label': `${added} added, ${removed} removed` }, h('span', { class: 'mg-counts__added' }, `+${added}`), ' ', h('span', { class: 'mg-counts__removed' }, `−${removed}`));
}

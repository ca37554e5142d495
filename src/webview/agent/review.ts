/**
 * The review card after an agent turn: each file it changed with +/− counts (new files marked),
 * its diff a click away, Keep / Undo per file and for all. Drawn again on each `review`; focus
 * stays on the same control when it still exists.
 */
import type { ReviewFileView, ReviewView } from '../../shared/protocol';
import { button, h, icon } from '../dom';
import type { AgentHost } from './api';
import { counts } from './approval';

export function showReview(host: AgentHost, article: HTMLElement, id: string, review: ReviewView): void {
  const old = article.querySelector<HTMLElement>(':scope > .mg-review');
  const focusKey = old?.contains(document.activeElement) ? (document.activeElement as HTMLElement).getAttribute('aria-label') : null;
  const act = (action: 'open' | 'keep' | 'undo', path?: string): void => host.post({ type: 'reviewAction', id, action, ...(path === undefined ? {} : { path }) });
  const pending = review.files.some((f) => f.state === 'pending');
  const card = h(
    'section',
    { class: 'mg-review', 'aria-label': 'Changed files', tabindex: '-1' },
    h(
      'div',
      { class: 'mg-review__title' },
      icon('diff-multiple'),
      h('strong', {}, `${review.files.length} file${review.files.length === 1 ? '' : 's'} changed`),
      pending ? button({ text: 'Keep All', icon: 'check-all', variant: 'text', onClick: () => act('keep') }) : null,
      pending ? button({ text: 'Undo All', icon: 'discard', variant: 'text', onClick: () => act('undo') }) : null,
    ),
    h('ul', { class: 'mg-review__files' }, ...review.files.map((file) => fileRow(file, act))),
  );
  if (old) old.replaceWith(card);
  else (article.querySelector(':scope > .mg-approval') ?? article.querySelector(':scope > .mg-msg__body'))?.after(card);
  if (focusKey !== null) (Array.from(card.querySelectorAll<HTMLElement>('button')).find((b) => b.getAttribute('aria-label') === focusKey) ?? card).focus();
}

function fileRow(file: ReviewFileView, act: (action: 'open' | 'keep' | 'undo', path?: string) => void): HTMLElement {
  const name = h('button', { type: 'button', class: 'mg-review__name', 'aria-label': `Open diff of ${file.path}`, title: file.path }, file.path.slice(file.path.lastIndexOf('/') + 1));
  name.addEventListener('click', () => act('open', file.path));
  return h(
    'li',
    { class: `mg-review__file mg-review__file--${file.state}` },
    name,
    file.created ? h('span', { class: 'mg-review__new' }, 'new') : null,
    counts(file.added, file.removed),
    h('span', { class: 'mg-spacer' }),
    file.state === 'pending'
      ? h(
          'span',
          { class: 'mg-review__actions' },
          button({ label: `Keep ${file.path}`, icon: 'check', onClick: () => act('keep', file.path) }),
          button({ label: `Undo ${file.path}`, icon: 'discard', onClick: () => act('undo', file.path) }),
        )
      : h('span', { class: 'mg-review__state' }, file.state === 'kept' ? 'Kept' : 'Undone'),
  );
}

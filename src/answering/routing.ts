/**
 * Who answers: the pinned specialist, else the local router's prediction, and whether the gateway
 * picks for itself (the one rule, `routesDisciplines`, lives with the provider presets).
 */
import { disciplineById, type Discipline } from '../disciplines/catalog';
import type { DisciplineRouter } from '../disciplines/router';

export { ROUTING_MODEL, routesDisciplines } from '../gateway/providers';

/** What routing looks at in the question being answered. */
export interface RoutedQuestion {
  readonly text: string;
  /** VS Code language id of the file the question is about. */
  readonly languageId?: string;
  readonly fileName?: string;
}

/** The specialist expected before the gateway says who answered. */
export interface LocalDiscipline {
  readonly discipline: Discipline;
  /** `pinned`: the user chose it; `local`: the router predicted it. */
  readonly source: 'pinned' | 'local';
}

/** The pin (a discipline id, or `auto`), else the router's prediction for the question. */
export function chooseDiscipline(pin: string, router: DisciplineRouter, question: RoutedQuestion | undefined): LocalDiscipline {
  if (pin !== 'auto') {
    return { discipline: disciplineById(pin), source: 'pinned' };
  }
  const prediction = router.predict({ prompt: question?.text ?? '', languageId: question?.languageId, fileName: question?.fileName });
  return { discipline: prediction.discipline, source: 'local' };
}

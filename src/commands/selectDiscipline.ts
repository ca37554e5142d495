import * as vscode from 'vscode';
import { DISCIPLINES, disciplineLabel } from '../disciplines/catalog';
import type { SettingsService } from '../config/settings';

interface DisciplinePick extends vscode.QuickPickItem {
  readonly id: string;
}

/** Monster Gaming: Select Discipline: pin a specialist, or go back to automatic routing. */
export async function selectDiscipline(settings: SettingsService): Promise<void> {
  const current = settings.value.discipline;
  const items: DisciplinePick[] = [
    {
      id: 'auto',
      label: '$(sparkle) Auto',
      description: current === 'auto' ? 'current' : undefined,
      detail: 'Let monster-gpt pick the specialist for each question (predicted locally for other gateways).',
    },
    { id: '', label: 'Specialists', kind: vscode.QuickPickItemKind.Separator },
    ...DISCIPLINES.map((d) => ({
      id: d.id,
      label: disciplineLabel(d),
      description: d.id === current ? 'pinned' : undefined,
      detail: d.covers,
    })),
  ];
  const pick = await vscode.window.showQuickPick(items, {
    title: 'Monster Gaming: Select Discipline',
    placeHolder: 'Pin a game-dev specialist for every question, or choose Auto',
    matchOnDetail: true,
  });
  if (pick && pick.id) {
    await settings.setDiscipline(pick.id);
  }
}

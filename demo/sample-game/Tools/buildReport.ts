// Summarises a Unity batch build for the team channel (run with: npx tsx Tools/buildReport.ts).
interface BuildStats {
  platform: string;
  warnings: number;
  durationSeconds: number;
}

export function formatReport(stats: BuildStats): string {
  const minutes = Math.floor(stats.durationSeconds / 60);
  return `${stats.platform}: ${stats.warnings} warnings, built in ${minutes} min`;
}

const nightly: BuildStats = { platform: 'Android', warnings: '3', durationSeconds: 754 };
console.log(formatReport(nightly));

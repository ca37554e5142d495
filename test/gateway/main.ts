/**
 * Command line for the development gateway (used by `npm run gateway` and `npm start`):
 *
 *   node out/test/gateway/main.js [--port 8790] [--token-delay-ms 15] [--no-rate-limits]
 *                                 [--reject-tools[=model,model…]] [--quiet]
 *
 * `--reject-tools` makes every model (or the listed ones) refuse requests that carry `tools`
 * with a 400, as providers without function calling do; agent requests to other models get the
 * scripted tool-call turns (see server.ts).
 *
 * Prints one line, `Monster Gaming development gateway on http://127.0.0.1:PORT/v1`, then one
 * line per request (unless --quiet), and stays up until SIGINT or SIGTERM.
 */
import { startGateway } from './server';

/** The CLI streams visibly by default; tests start the gateway in-process with no delay. */
const DEFAULT_TOKEN_DELAY_MS = 15;

interface CliOptions {
  readonly port: number;
  readonly tokenDelayMs: number;
  readonly rateLimits: boolean;
  readonly quiet: boolean;
  readonly rejectTools: boolean | readonly string[];
}

/** `--reject-tools` (every model) or `--reject-tools=a,b` (those models); false when absent. */
function rejectToolsArg(args: readonly string[]): boolean | readonly string[] {
  const inline = args.find((arg) => arg.startsWith('--reject-tools='));
  if (inline !== undefined) {
    const models = inline.slice('--reject-tools='.length).split(',').map((m) => m.trim()).filter(Boolean);
    if (models.length === 0) throw new Error('--reject-tools= needs model ids, e.g. --reject-tools=deepseek-chat');
    return models;
  }
  return args.includes('--reject-tools');
}

function numberArg(args: readonly string[], name: string, fallback: number): number {
  const index = args.indexOf(name);
  const inline = args.find((arg) => arg.startsWith(`${name}=`));
  const raw = inline !== undefined ? inline.slice(name.length + 1) : index >= 0 ? args[index + 1] : undefined;
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} needs a non-negative integer, got "${raw}"`);
  return value;
}

function parseArgs(args: readonly string[]): CliOptions {
  return {
    port: numberArg(args, '--port', 0),
    tokenDelayMs: numberArg(args, '--token-delay-ms', DEFAULT_TOKEN_DELAY_MS),
    rateLimits: !args.includes('--no-rate-limits'),
    quiet: args.includes('--quiet'),
    rejectTools: rejectToolsArg(args),
  };
}

async function main(): Promise<void> {
  const cli = parseArgs(process.argv.slice(2));
  const gateway = await startGateway({
    port: cli.port,
    tokenDelayMs: cli.tokenDelayMs,
    rateLimits: cli.rateLimits,
    rejectTools: cli.rejectTools,
    log: cli.quiet ? undefined : (line) => console.log(`  ${line}`),
  });
  console.log(`Monster Gaming development gateway on ${gateway.url}`);
  const stop = (): void => {
    // One turn of the loop after closing lets the per-request log lines of cut streams print.
    void gateway.close().then(() => setImmediate(() => process.exit(0)));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

// One build script, like vscode-extension-samples/esbuild-sample:
//   node esbuild.js               extension, gateway and webview bundles into dist/ (with source maps)
//   node esbuild.js --production  the same, minified, no source maps (what `npm run package` ships)
//   node esbuild.js --watch       rebuild on change
//   node esbuild.js --tests       transpile src/, test/, scripts/ and bench/ one-to-one into out/ (mocha, test hosts, npm run bench)
const esbuild = require('esbuild');
const fs = require('fs');
const path = require('path');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const tests = process.argv.includes('--tests');

/** Lists .ts files below a folder, skipping the webview (it is bundled for the browser). */
function tsFiles(dir, skip = []) {
  if (!fs.existsSync(dir)) return [];
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (skip.some((s) => full.startsWith(s))) continue;
    if (entry.isDirectory()) out.push(...tsFiles(full, skip));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

/**
 * Writes dist/codicon.ttf and dist/codicon.css with only the icons the webview uses (see
 * scripts/codicons.ts, loaded here through esbuild since this script is plain Node). Fails the
 * build on an icon name that @vscode/codicons does not have.
 */
async function writeCodicons() {
  const { outputFiles } = await esbuild.build({ entryPoints: [path.join(__dirname, 'scripts', 'codicons.ts')], bundle: true, packages: 'external', platform: 'node', format: 'cjs', target: 'node20', write: false, logLevel: 'warning' });
  const loaded = { exports: {} };
  new Function('module', 'exports', 'require', '__dirname', outputFiles[0].text)(loaded, loaded.exports, require, path.join(__dirname, 'scripts'));
  const from = path.join(__dirname, 'node_modules', '@vscode', 'codicons', 'dist');
  await loaded.exports.writeCodicons(path.join(__dirname, 'src', 'webview'), from, path.join(__dirname, 'dist'));
}

/**
 * Keeps the `openai` SDK, undici and the YAML parser out of dist/extension.js: client.ts requires
 * './sdk' only when the first request is made, wire.ts requires './undici' only for the first
 * request through a proxy, and rules/frontMatter.ts requires './ruleSyntax' only for the first
 * rules file with front matter, and agent/lazyAgent.ts requires './agentBundle' for the first agent
 * turn, and chat/historyChecks.ts requires the generated history checks when history is first read.
 * Those requires are left to Node, pointing at dist/gateway.js, dist/network.js,
 * dist/rules.js, dist/agent.js and dist/history.js (built from src/gateway/sdk.ts, src/network/undici.ts,
 * src/rules/ruleSyntax.ts, src/agent/agentBundle.ts and src/chat/historyValidators.generated.ts below), and
 * crash/lazyCrash.ts requires './crashBundle' (dist/crash.js) for the first Analyze Crash. Activation then reads and evaluates a fraction of the code.
 */
const LAZY = [
  { filter: /^\.\/sdk$/, folder: path.join(__dirname, 'src', 'gateway'), bundle: './gateway.js' },
  { filter: /^\.\/undici$/, folder: path.join(__dirname, 'src', 'network'), bundle: './network.js' },
  { filter: /^\.\/ruleSyntax$/, folder: path.join(__dirname, 'src', 'rules'), bundle: './rules.js' },
  { filter: /^\.\/agentBundle$/, folder: path.join(__dirname, 'src', 'agent'), bundle: './agent.js' },
  // write-file-atomic and proper-lockfile load with history's first write.
  { filter: /^\.\/fileSafety$/, folder: path.join(__dirname, 'src', 'chat'), bundle: './fileSafety.js' },
  // History's generated checks load when history is first read.
  { filter: /^\.\/historyValidators\.generated$/, folder: path.join(__dirname, 'src', 'chat'), bundle: './history.js' },
  // The account's generated checks load with the first account reading (after an answer).
  { filter: /^\.\/accountValidators\.generated$/, folder: path.join(__dirname, 'src', 'account'), bundle: './account.js' },
  // Analyze Crash (parsers, fast-xml-parser, the analysis) loads with the command's first use.
  { filter: /^\.\/crashBundle$/, folder: path.join(__dirname, 'src', 'crash'), bundle: './crash.js' },
  // Structured output for proposals and the edit-list check load with the first fix or edit (structuredProposal.ts re-exports the check).
  { filter: /^\.\/structuredProposal$/, folder: path.join(__dirname, 'src', 'answering'), bundle: './structured.js' },
  { filter: /^\.\/editListValidators\.generated$/, folder: path.join(__dirname, 'src', 'fix'), bundle: './structured.js' },
  // Generate Game Data loads with the command's first use; ajv only in its worker (dist/schemaWorker.js).
  { filter: /^\.\/generateGameData$/, folder: path.join(__dirname, 'src', 'gameData'), bundle: './gameData.js' },
  // The engine's agent loop travels in the agent bundle too (agentBundle.ts re-exports it).
  { filter: /^\.\/agentLoop$/, folder: path.join(__dirname, 'src', 'answering'), bundle: './agent.js' },
];
const lazyBundles = {
  name: 'lazy-bundles',
  setup(build) {
    for (const lazy of LAZY) {
      build.onResolve({ filter: lazy.filter }, (args) => (path.dirname(args.importer) === lazy.folder ? { path: lazy.bundle, external: true } : undefined));
    }
  },
};

/**
 * Three of markdown-it's dependencies are replaced in the webview by what the browser already does:
 * character references (src/webview/entities.ts, 23 KB of tables), IDNA host names
 * (src/webview/punycode.ts) and the Unicode symbol class (src/webview/ucMicro.ts). test/webview/browserShims.test.ts checks they agree with the packages.
 */
const browserShims = {
  name: 'browser-shims',
  setup(build) {
    build.onResolve({ filter: /^entities$/ }, () => ({ path: path.join(__dirname, 'src', 'webview', 'entities.ts') }));
    build.onResolve({ filter: /^punycode\.js$/ }, () => ({ path: path.join(__dirname, 'src', 'webview', 'punycode.ts') }));
    // markdown-it's import only: linkify-it builds its patterns from the package's own classes.
    build.onResolve({ filter: /^uc\.micro$/ }, (args) => (/[\\/]markdown-it[\\/]/.test(args.importer) ? { path: path.join(__dirname, 'src', 'webview', 'ucMicro.ts') } : undefined));
  },
};

/**
 * markdown-it ships every rule in one file; the view runs it with `html: false` and
 * `typographer: false` and the `default` preset, so these parts can never run and are left out
 * (about 6.5 KB of the view's bundle): the raw-HTML rules with their tag lists and patterns, the
 * typographer's replacements and smart quotes, and the two other presets. Each rule keeps its
 * name, as a stub that does what the real one does with those options off (returns false, or
 * nothing), so the rule chains are unchanged. The build fails if a part is not found (a new
 * markdown-it): look again before adjusting. test/webview/browserShims.test.ts checks that raw
 * HTML and typographer input render as the package renders them.
 */
const MARKDOWN_IT_STUBS = {
  'src/common/html_blocks.ts': '',
  'src/common/html_re.ts': '',
  'src/rules_block/html_block.ts': 'function html_block() { return false; }',
  'src/rules_inline/html_inline.ts': 'function html_inline() { return false; }',
  'src/rules_core/replacements.ts': 'function replace() {}',
  'src/rules_core/smartquotes.ts': 'function smartquotes() {}',
};
const trimMarkdownIt = {
  name: 'trim-markdown-it',
  setup(build) {
    build.onLoad({ filter: /[\\/]markdown-it[\\/]dist[\\/]markdown-it\.mjs$/ }, async (args) => {
      let source = await fs.promises.readFile(args.path, 'utf8');
      for (const [region, stub] of Object.entries(MARKDOWN_IT_STUBS)) {
        const start = source.indexOf(`//#region ${region}\n`);
        const end = start < 0 ? -1 : source.indexOf('//#endregion', start);
        if (end < 0) throw new Error(`markdown-it: region ${region} not found; check MARKDOWN_IT_STUBS in esbuild.js`);
        source = `${source.slice(0, start)}${stub}\n${source.slice(end + '//#endregion'.length)}`;
      }
      // The `zero` and `commonmark` presets, between the default one and the next declaration.
      const zero = source.indexOf('\tzero: {');
      const after = source.indexOf('var BAD_PROTO_RE', zero);
      if (zero < 0 || after < 0 || !source.slice(zero, after).includes('commonmark: {')) throw new Error('markdown-it: presets not found; check trimMarkdownIt in esbuild.js');
      source = `${source.slice(0, zero)}};\n${source.slice(after)}`;
      return { contents: source, loader: 'js' };
    });
  },
};

/**
 * proper-lockfile (the history folder's lock) defaults to graceful-fs, which patches Node's shared
 * `fs.close` when loaded: in the extension host that would change fs for VS Code and every other
 * extension. The bundle gives it Node's own fs instead (graceful-fs only adds EMFILE retries).
 */
const nodeFsForLockfile = {
  name: 'node-fs-for-lockfile',
  setup(build) {
    build.onResolve({ filter: /^graceful-fs$/ }, () => ({ path: 'fs', external: true }));
  },
};

/**
 * undici ships its HTTP parser twice as base64 WebAssembly, with and without SIMD, and falls back to
 * the plain build when the SIMD one fails to compile (client-h1.js). The SIMD copy becomes an empty
 * module, so `new WebAssembly.Module(undefined)` throws and the fallback runs: the .vsix sheds 24 KB,
 * and only proxied requests (the one user of undici) parse with the plain build.
 */
const plainLlhttp = {
  name: 'plain-llhttp',
  setup(build) {
    build.onResolve({ filter: /llhttp_simd-wasm\.js$/ }, () => ({ path: 'llhttp-simd', namespace: 'plain-llhttp' }));
    build.onLoad({ filter: /.*/, namespace: 'plain-llhttp' }, () => ({ contents: 'module.exports = undefined;', loader: 'js' }));
  },
};

/**
 * The openai SDK's client constructs every API resource it knows (files, audio, realtime, evals…:
 * 28 of them), so bundling it carries them all. The gateway client calls `chat.completions` and
 * the client's own `get`; the other resources, as imported by the client and the resource index,
 * become empty classes of the same names. The .vsix sheds 33 KB. A unit test drives the built
 * bundle (test/unit/lazySdk.test.ts), so a future SDK that needs one of them fails there.
 */
const SDK_RESOURCES_USED = new Set(['index', 'chat', 'shared']);
const onlyUsedSdkResources = {
  name: 'only-used-sdk-resources',
  setup(build) {
    build.onResolve({ filter: /^\.\.?\// }, (args) => {
      if (!/[\\/]node_modules[\\/]openai[\\/](client|resources[\\/]index)\.m?js$/.test(args.importer)) return undefined;
      const resolved = path.resolve(args.resolveDir, args.path);
      const resource = /[\\/]openai[\\/]resources[\\/]([^/\\.]+)/.exec(resolved)?.[1];
      return resource === undefined || SDK_RESOURCES_USED.has(resource) ? undefined : { path: resolved, namespace: 'unused-sdk-resource' };
    });
    build.onLoad({ filter: /.*/, namespace: 'unused-sdk-resource' }, async (args) => {
      const source = await fs.promises.readFile(args.path, 'utf8');
      const names = [...source.matchAll(/^export class (\w+)/gm)].map((m) => m[1]);
      return { loader: 'js', contents: names.map((name) => `export class ${name} { constructor(client) { this._client = client; } }`).join('\n') };
    });
  },
};

const problemMatcher = {
  name: 'problem-matcher',
  setup(build) {
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
    });
  },
};

async function main() {
  if (tests) {
    await esbuild.build({
      entryPoints: [...tsFiles('src', [path.join('src', 'webview')]), ...tsFiles('test'), ...tsFiles('scripts'), ...tsFiles('bench')],
      outdir: 'out',
      outbase: '.',
      format: 'cjs',
      platform: 'node',
      target: 'node20',
      sourcemap: 'inline',
      logLevel: 'warning',
    });
    // mocha 12 is ES modules, which the Node of VS Code 1.96 (20.18, the oldest we test on) cannot
    // require(): the extension-host suite falls back to this CommonJS bundle of the same mocha.
    await esbuild.build({
      entryPoints: [path.join(__dirname, 'node_modules', 'mocha', 'lib', 'mocha.cjs')],
      outfile: path.join('out', 'test', 'extension-host', 'mocha.cjs'),
      bundle: true,
      format: 'cjs',
      platform: 'node',
      target: 'node20',
      logLevel: 'warning',
      // Only its parallel mode (unused here) resolves files next to itself.
      logOverride: { 'require-resolve-not-external': 'silent' },
    });
    return;
  }
  // First, so a bad icon name stops the build before any bundle is started.
  await writeCodicons();
  const common = {
    bundle: true,
    minify: production,
    sourcemap: !production,
    sourcesContent: false,
    logLevel: 'warning',
    plugins: [problemMatcher],
    legalComments: production ? 'none' : 'inline',
  };
  const node = { ...common, format: 'cjs', platform: 'node', target: 'node20', external: ['vscode'] };
  const extension = await esbuild.context({
    ...node,
    plugins: [...common.plugins, lazyBundles],
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
  });
  const gateway = await esbuild.context({ ...node, plugins: [...common.plugins, onlyUsedSdkResources], entryPoints: ['src/gateway/sdk.ts'], outfile: 'dist/gateway.js' });
  const network = await esbuild.context({ ...node, plugins: [...common.plugins, plainLlhttp], entryPoints: ['src/network/undici.ts'], outfile: 'dist/network.js' });
  const rules = await esbuild.context({ ...node, entryPoints: ['src/rules/ruleSyntax.ts'], outfile: 'dist/rules.js' });
  const agent = await esbuild.context({ ...node, entryPoints: ['src/agent/agentBundle.ts'], outfile: 'dist/agent.js' });
  const history = await esbuild.context({ ...node, entryPoints: ['src/chat/historyValidators.generated.ts'], outfile: 'dist/history.js' });
  const fileSafety = await esbuild.context({ ...node, plugins: [...common.plugins, nodeFsForLockfile], entryPoints: ['src/chat/fileSafety.ts'], outfile: 'dist/fileSafety.js' });
  const account = await esbuild.context({ ...node, entryPoints: ['src/account/accountValidators.generated.ts'], outfile: 'dist/account.js' });
  const crash = await esbuild.context({ ...node, entryPoints: ['src/crash/crashBundle.ts'], outfile: 'dist/crash.js' });
  const structured = await esbuild.context({ ...node, entryPoints: ['src/answering/structuredProposal.ts'], outfile: 'dist/structured.js' });
  const gameData = await esbuild.context({ ...node, entryPoints: ['src/gameData/generateGameData.ts'], outfile: 'dist/gameData.js' });
  // Its own file, next to gameData.js: schemaCheck.ts starts it as a worker thread (path.join(__dirname, 'schemaWorker.js')).
  const schemaWorker = await esbuild.context({ ...node, entryPoints: ['src/gameData/schemaWorker.ts'], outfile: 'dist/schemaWorker.js' });
  const webview = await esbuild.context({
    ...common,
    plugins: [...common.plugins, browserShims, trimMarkdownIt],
    // webview-agent: agent mode's view and its stylesheet, loaded by the view on first need (src/webview/agentLoader.ts);
    // webview-highlight: highlight.js and its grammars, loaded once the view is ready (src/webview/highlight.ts).
    entryPoints: { webview: 'src/webview/main.ts', 'webview-style': 'src/webview/style.css', 'webview-agent': 'src/webview/agent/index.ts', 'webview-agent-style': 'src/webview/agent/agent.css', 'webview-highlight': 'src/webview/highlighter/index.ts' },
    outdir: 'dist',
    entryNames: '[name]',
    format: 'iife',
    platform: 'browser',
    target: ['chrome114'],
  });
  const contexts = [extension, gateway, network, rules, agent, history, fileSafety, account, crash, structured, gameData, schemaWorker, webview];
  if (watch) {
    await Promise.all(contexts.map((c) => c.watch()));
    return;
  }
  for (const c of contexts) {
    await c.rebuild();
    await c.dispose();
  }
  // esbuild names the CSS entry's output after the entry; keep one stable name for the view.
  if (fs.existsSync('dist/webview-style.css')) fs.renameSync('dist/webview-style.css', 'dist/webview.css');
  if (fs.existsSync('dist/webview-agent-style.css')) fs.renameSync('dist/webview-agent-style.css', 'dist/webview-agent.css');
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

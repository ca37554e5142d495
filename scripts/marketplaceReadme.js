// The Marketplace page is for users: the repository README without the sections for people working
// on the extension (the two commands of a fresh checkout, the benchmark, development), which users
// never need and the .vsix (goal: 500 KB) should not carry. A section runs to the next `## ` heading.
const DEVELOPER_SECTIONS = ['## Two commands', '## Benchmarks', '## Development'];

/** README.md's text as the .vsix carries it. */
function marketplaceReadme(text) {
  const kept = [];
  let skipping = false;
  for (const line of text.split('\n')) {
    if (line.startsWith('## ')) skipping = DEVELOPER_SECTIONS.includes(line.trim());
    if (!skipping) kept.push(line);
  }
  return kept.join('\n');
}

module.exports = { DEVELOPER_SECTIONS, marketplaceReadme };

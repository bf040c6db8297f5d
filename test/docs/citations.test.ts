// Every citation in the repository resolves inside the repository: `docs/rules.md §3.2b` names a
// section or item docs/rules.md defines, `docs/lint.md#itplocalnolocalendpoint` a heading it has,
// and no comment, doc or message cites a page a user's clone does not have. Like kube-proxy's
// table tests, every mismatch is collected and reported at once (`file:line: citation — problem`).
//
// TPE_DOCS_ROOT points the repository checks at another checkout (e.g. a copy with citations
// rewritten, to see it pass before the rewrite is made here).
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkTree, formatFinding, githubSlug, markdownFacts, readRepository, type Tree } from './citations.js';

const root = process.env.TPE_DOCS_ROOT ?? fileURLToPath(new URL('../..', import.meta.url));

// The fixtures below spell page names through MD so that this file, which the repository check
// reads too, does not itself contain the citations it uses to show the checker failing.
const MD = '.md';

function tree(files: Record<string, string>, binaries: string[] = []): Tree {
  return { texts: new Map(Object.entries(files)), paths: new Set([...Object.keys(files), ...binaries]) };
}

const guide = [
  '# Guide',
  '',
  'Sections are `## §N. Title`, items `**§N.M**`.',
  '',
  '## §1. Inputs',
  '',
  '- **§1.1** the node',
  '- **§1.2** the endpoints',
  '  - **§1.2b** their hints',
  '',
  '## §4b. Library',
  '',
  '## Inputs, all eras',
  '',
  '## Inputs, all eras',
  '',
  '```sh',
  '# not a heading',
  '```',
  '<a id="pinned"></a>',
].join('\n');

describe('the citation checker', () => {
  it('accepts citations of sections, items, anchors and files that exist', () => {
    const findings = checkTree(
      tree(
        {
          [`docs/guide${MD}`]: guide,
          [`docs/other${MD}`]: `See [the inputs](guide${MD}#inputs-all-eras), [again](guide${MD}#inputs-all-eras-1) and [top](#other).\n# Other\n`,
          [`README${MD}`]: `Rules: docs/guide${MD} §1, §1.2b and §4b; [guide](docs/guide${MD}#pinned); [code](host/index.ts).\n`,
          'host/index.ts': `// docs/guide${MD} §1.1 (the node), docs/guide${MD}#inputs-all-eras\n// see docs/guide${MD}\n// §1.2 on the next line\n`,
        },
        ['build/tpe.wasm'],
      ),
    );
    expect(findings.map(formatFinding)).toEqual([]);
  });

  it('reports a section or item the page does not define', () => {
    const findings = checkTree(tree({ [`docs/guide${MD}`]: guide, 'host/a.ts': `const a = 1;\n// docs/guide${MD} §1, §2, §1.3\n` }));
    expect(findings.map(formatFinding)).toEqual([
      `host/a.ts:2: docs/guide${MD} §1, §2, §1.3 — docs/guide${MD} has no §2`,
      `host/a.ts:2: docs/guide${MD} §1, §2, §1.3 — docs/guide${MD} has no §1.3`,
    ]);
  });

  it('reports an anchor that is no heading slug of the page', () => {
    const findings = checkTree(
      tree({
        [`docs/guide${MD}`]: guide,
        [`docs/other${MD}`]: `[a](guide${MD}#not-a-heading)\n[b](#nowhere)\n`,
        'host/a.ts': `// docs/guide${MD}#inputs\n`,
      }),
    );
    expect(findings.map(formatFinding)).toEqual([
      `docs/other${MD}:1: guide${MD}#not-a-heading — docs/guide${MD} has no heading or anchor #not-a-heading`,
      `docs/other${MD}:2: (#nowhere) — docs/other${MD} has no heading or anchor #nowhere`,
      `host/a.ts:1: docs/guide${MD}#inputs — docs/guide${MD} has no heading or anchor #inputs`,
    ]);
  });

  it('reports a page that is not in the repository, and every page cited from outside it', () => {
    const findings = checkTree(
      tree({
        [`docs/guide${MD}`]: guide,
        [`README${MD}`]: `[gone](docs/gone${MD})\n`,
        'host/a.ts': `// docs/missing${MD} §1\n// semantics${MD} §6, §11.5 and api${MD} §2\n`,
        'host/b.ts': `// ../spec/semantics${MD}\n`,
      }),
    );
    expect(findings.map(formatFinding)).toEqual([
      `README${MD}:1: docs/gone${MD} — docs/gone${MD} is not in the repository`,
      `host/a.ts:1: docs/missing${MD} §1 — docs/missing${MD} is not in the repository`,
      `host/a.ts:2: semantics${MD} §6, §11.5 — semantics${MD} is not in the repository: cite the docs/ page instead (docs/rules${MD}, docs/contracts${MD})`,
      `host/a.ts:2: api${MD} §2 — api${MD} is not in the repository: cite the docs/ page instead (docs/rules${MD}, docs/contracts${MD})`,
      `host/b.ts:1: ../spec/semantics${MD} — ../spec/semantics${MD} is not in the repository: cite the docs/ page instead (docs/rules${MD}, docs/contracts${MD})`,
    ]);
  });

  it('makes slugs as GitHub does', () => {
    expect(githubSlug('§6. Dataplane: route, drop, reject')).toBe('6-dataplane-route-drop-reject');
    expect(githubSlug('`ITPLocalNoLocalEndpoint`')).toBe('itplocalnolocalendpoint');
    expect(githubSlug('1.24 and newer: `CategorizeEndpoints` (§3, §4)')).toBe('124-and-newer-categorizeendpoints-3-4');
    expect(githubSlug('HTTP: `POST /v1/categorize`')).toBe('http-post-v1categorize');
    expect(githubSlug('snake_case and [a link](x.html)')).toBe('snake_case-and-a-link');
    const facts = markdownFacts(guide);
    expect([...facts.sections]).toEqual(['1', '1.1', '1.2', '1.2b', '4b']);
    expect([...facts.anchors]).toEqual(['guide', '1-inputs', '4b-library', 'inputs-all-eras', 'inputs-all-eras-1', 'pinned']);
  });
});

describe('the repository', () => {
  let cached: ReturnType<typeof checkTree> | undefined;
  const findings = () => (cached ??= checkTree(readRepository(root)));
  const message = (list: ReturnType<typeof checkTree>) =>
    `${list.length} citation(s) that do not resolve in the repository:\n${list.map(formatFinding).join('\n')}`;

  it('has the pages the code cites', () => {
    const { paths } = readRepository(root);
    for (const page of ['docs/rules', 'docs/contracts', 'docs/README']) expect(paths.has(page + MD), page + MD).toBe(true);
  });

  it('docs/ cites only what exists', () => {
    const inDocs = findings().filter((f) => f.file.startsWith('docs/'));
    expect(inDocs.map(formatFinding), message(inDocs)).toEqual([]);
  });

  it('every citation in every file resolves', () => {
    expect(findings().map(formatFinding), message(findings())).toEqual([]);
  });
});

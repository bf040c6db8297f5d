// Checks that every citation in the repository points at something the repository has: a
// section or item of a docs page (`docs/rules.md §3.2b`, `docs/contracts.md §2, §4b`), a heading
// of a markdown page (`docs/lint.md#itplocalnolocalendpoint`, `[eras](docs/eras.md#inputs-all-eras)`),
// or a file. A user's clone has only the repository, so a citation of a page that lives elsewhere
// is a dead end for them; this module finds them all, and the test reports them in one message.
//
// The checker works on an in-memory set of files so that its own test can show it failing; the
// repository is read into that shape by readRepository.
import { execFileSync } from 'node:child_process';
import { lstatSync, readFileSync } from 'node:fs';
import { posix } from 'node:path';

/** Repository-relative path (forward slashes) → contents, for the text files; `paths` has every file. */
export interface Tree {
  texts: Map<string, string>;
  paths: Set<string>;
}

export interface Finding {
  file: string;
  line: number;
  /** The citation as written. */
  text: string;
  problem: string;
}

/**
 * Page names that were only ever outside the repository; any citation of them must become a docs/
 * page. Spelled without their `.md` here, or this file would be one of the citations it reports.
 */
const OUTSIDE_PAGES = new Set(['semantics', 'api'].map((name) => `${name}.md`));

/** A section or item id: `6`, `4b`, `11.5`, `3.2b`. */
const ID = String.raw`[0-9]+[a-z]?(?:\.[0-9]+[a-z]?)?`;

/** `## §6. Title` / `### §4.1 Title`: the id of a heading that defines a section or item. */
const SECTION_HEADING = new RegExp(String.raw`^#{1,6}[ \t]+§(${ID})\.?(?=[ \t]|$)`);
/** `- **§3.2b** text` / `**§11.1** text`: an item defined by a list item or paragraph starting with its bold id. */
const ITEM_LEAD = new RegExp(String.raw`^[ \t]*(?:(?:[-*+]|[0-9]+\.)[ \t]+)?\*\*§(${ID})\*\*`);

/**
 * A path to a markdown page, with an optional #anchor. The path is as long as the characters a
 * path can hold, so `docs/contracts.md` is one token and `contracts.md` inside it is not.
 */
const PAGE_TOKEN = /(?<![\w./-])((?:[\w-]+|\.{1,2})(?:\/(?:[\w.-]+))*\.md)(?![\w-])(#[\w-]*)?/g;

/**
 * The `§` list right after a page name: `§6`, `§6, §11.5`, `§1–§4`, `§2 and §3`. It may continue
 * on the next line of a wrapped comment (`//`, `*`, `#` leaders).
 */
const SECTION_LIST = new RegExp(
  String.raw`^(?:[ \t]|\r?\n[ \t]*(?:\/\/|\*|#)?[ \t]*)*§${ID}` +
    String.raw`(?:[ \t]*(?:,|–|—|-|\band\b|\bor\b)(?:[ \t]|\r?\n[ \t]*(?:\/\/|\*|#)?[ \t]*)*§${ID})*`,
);
const SECTION_ID = new RegExp(`§(${ID})`, 'g');

/** `[text](target)` in markdown, target without spaces; images too. */
const MARKDOWN_LINK = /\]\(([^()\s]+)\)/g;
/** `scheme://…`: a URL's path is upstream's business, not ours. */
const URL = /\b[a-z][a-z0-9+.-]*:\/\/[^\s)\]>"'`]*/gi;
const EXPLICIT_ANCHOR = /<a\s+(?:[^>]*\s)?(?:id|name)\s*=\s*["']([^"']+)["']/gi;

/** The heading slug GitHub gives a heading: lowercase, punctuation dropped (but `-` and `_`), spaces to `-`. */
export function githubSlug(heading: string): string {
  const text = heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1') // a link's text, not its target
    .replace(/<[^>]+>/g, '') // inline HTML
    .trim()
    .toLowerCase();
  return text.replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '').replace(/ /g, '-');
}

interface MarkdownFacts {
  anchors: Set<string>;
  sections: Set<string>;
}

/** Lines outside fenced code blocks, with their 1-based numbers. */
function proseLines(markdown: string): Array<{ line: number; text: string }> {
  const out: Array<{ line: number; text: string }> = [];
  let fence: string | null = null;
  markdown.split('\n').forEach((text, i) => {
    const marker = /^[ \t]*(`{3,}|~{3,})/.exec(text)?.[1];
    if (marker !== undefined) {
      if (fence === null) fence = marker[0]!;
      else if (marker[0] === fence) fence = null;
      return;
    }
    if (fence === null) out.push({ line: i + 1, text });
  });
  return out;
}

/** Anchors (heading slugs with GitHub's `-1`, `-2` for repeats, and explicit `<a id>`) and § ids of a page. */
export function markdownFacts(markdown: string): MarkdownFacts {
  const anchors = new Set<string>();
  const sections = new Set<string>();
  const seen = new Map<string, number>();
  for (const { text } of proseLines(markdown)) {
    const heading = /^ {0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/.exec(text);
    if (heading) {
      const slug = githubSlug(heading[1]!);
      const count = seen.get(slug) ?? 0;
      seen.set(slug, count + 1);
      anchors.add(count === 0 ? slug : `${slug}-${count}`);
    }
    const id = SECTION_HEADING.exec(text)?.[1] ?? ITEM_LEAD.exec(text)?.[1];
    if (id !== undefined) sections.add(id);
    for (const m of text.matchAll(EXPLICIT_ANCHOR)) anchors.add(m[1]!);
  }
  return { anchors, sections };
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** The same text with every URL blanked out (same length, so offsets and lines stay put). */
function withoutUrls(text: string): string {
  return text.replace(URL, (url) => ' '.repeat(url.length));
}

/** Checks every citation in every text file of the tree. */
export function checkTree(tree: Tree): Finding[] {
  const facts = new Map<string, MarkdownFacts>();
  const factsOf = (path: string): MarkdownFacts | undefined => {
    if (!facts.has(path)) {
      const text = tree.texts.get(path);
      if (text === undefined) return undefined;
      facts.set(path, markdownFacts(text));
    }
    return facts.get(path);
  };
  const isDirectory = (path: string): boolean => {
    const prefix = path.endsWith('/') ? path : `${path}/`;
    for (const p of tree.paths) if (p.startsWith(prefix)) return true;
    return false;
  };
  const exists = (path: string): boolean => tree.paths.has(path) || isDirectory(path);

  const findings: Finding[] = [];
  for (const [file, original] of [...tree.texts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const text = withoutUrls(original);
    const dir = posix.dirname(file);
    const isMarkdown = file.endsWith('.md');
    const report = (offset: number, cited: string, problem: string): void => {
      findings.push({ file, line: lineAt(text, offset), text: cited, problem });
    };

    // A target's sections and anchors, once it is known to exist.
    const checkTarget = (offset: number, cited: string, target: string, anchor: string, ids: string[]): void => {
      if (!exists(target)) {
        report(offset, cited, `${target} is not in the repository`);
        return;
      }
      const page = factsOf(target);
      if (anchor !== '' && page && !page.anchors.has(anchor)) report(offset, cited, `${target} has no heading or anchor #${anchor}`);
      for (const id of ids) {
        if (!page) report(offset, cited, `${target} is not a markdown page, it has no §${id}`);
        else if (!page.sections.has(id)) report(offset, cited, `${target} has no §${id}`);
      }
    };

    // Page names anywhere: `docs/<page>.md`, with `#anchor` or a `§N, §M` list, and `<page>.md#anchor`.
    for (const m of text.matchAll(PAGE_TOKEN)) {
      const path = m[1]!;
      const anchor = (m[2] ?? '').slice(1);
      const offset = m.index;
      const after = text.slice(offset + m[0].length, offset + m[0].length + 200);
      const list = SECTION_LIST.exec(after)?.[0] ?? '';
      const ids = [...list.matchAll(SECTION_ID)].map((s) => s[1]!);
      const cited = (m[0] + list).replace(/\s+/g, ' ');
      const fromRoot = posix.normalize(path);
      const fromFile = posix.normalize(posix.join(dir, path));
      const target = path.startsWith('docs/') && exists(fromRoot) ? fromRoot : exists(fromFile) ? fromFile : fromRoot;
      if (OUTSIDE_PAGES.has(posix.basename(path)) && !exists(target)) {
        report(offset, cited, `${path} is not in the repository: cite the docs/ page instead (docs/rules.md, docs/contracts.md)`);
        continue;
      }
      // Only citations that claim to be repository paths are checked: a docs/ page, or an anchor or § list.
      const claimsRepoPath = path.startsWith('docs/') || anchor !== '' || ids.length > 0;
      if (!claimsRepoPath) continue;
      checkTarget(offset, cited, target, anchor, ids);
    }

    // Relative links in markdown pages: `[text](<page>.md#anchor)`, `[x](../examples/)`, `[y](#anchor)`.
    if (isMarkdown) {
      for (const { line, text: lineText } of proseLines(text)) {
        const prose = lineText.replace(/`[^`]*`/g, (code) => ' '.repeat(code.length));
        for (const m of prose.matchAll(MARKDOWN_LINK)) {
          const link = m[1]!;
          if (/^[a-z][a-z0-9+.-]*:/i.test(link) || link.trim() === '') continue; // mailto:, or a blanked URL
          const hash = link.indexOf('#');
          const pathPart = hash < 0 ? link : link.slice(0, hash);
          const anchor = hash < 0 ? '' : link.slice(hash + 1);
          const target = pathPart === '' ? file : posix.normalize(posix.join(dir, decodeURIComponent(pathPart)));
          const cited = `(${link})`;
          const offsetLine = { file, line, text: cited };
          if (target.startsWith('..')) {
            findings.push({ ...offsetLine, problem: `${link} points outside the repository` });
            continue;
          }
          if (!exists(target.replace(/\/$/, '')) && target !== '.') {
            findings.push({ ...offsetLine, problem: `${target} is not in the repository` });
            continue;
          }
          const page = factsOf(target);
          if (anchor !== '' && page && !page.anchors.has(anchor)) {
            findings.push({ ...offsetLine, problem: `${target} has no heading or anchor #${anchor}` });
          }
        }
      }
    }
  }
  return dedupe(findings);
}

/** One finding per (file, line, problem): a link found by both passes is reported once. */
function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.file}\0${f.line}\0${f.problem}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function formatFinding(f: Finding): string {
  return `${f.file}:${f.line}: ${f.text} — ${f.problem}`;
}

/** Files not worth reading as text: lock files (huge, no citations) and binaries by name. */
const SKIPPED = /(^|\/)package-lock\.json$|\.(wasm|png|jpe?g|gif|ico|pdf|gz|tgz|zip|woff2?)$/i;

/**
 * The repository as git sees it: tracked files and untracked files that are not ignored
 * (`git ls-files --cached --others --exclude-standard`), read as text unless binary.
 */
export function readRepository(root: string): Tree {
  const listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  })
    .split('\0')
    .filter((p) => p !== '');
  const paths = new Set<string>();
  const texts = new Map<string, string>();
  for (const path of listed) {
    const full = posix.join(root, path);
    let regular: boolean;
    try {
      regular = lstatSync(full).isFile(); // a symlink (node_modules) or a deleted file is not part of the text
    } catch {
      continue;
    }
    paths.add(path);
    if (!regular || SKIPPED.test(path)) continue;
    const bytes = readFileSync(full);
    if (bytes.subarray(0, 8000).includes(0)) continue; // binary
    texts.set(path, bytes.toString('utf8'));
  }
  return { texts, paths };
}

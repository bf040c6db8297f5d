// YAML text → JavaScript values at a cost bounded by the input's size. js-yaml's event parser reads
// the text into a flat event stream (no node tree, no recursion: nesting is refused past maxDepth
// while parsing), the events are checked against the limits below before a single value is built,
// and the values are built from the events directly. Duplicate keys are found with one lookup per
// key (the `yaml` package's uniqueKeys compared every key with every other: 26 s for 40,000 keys).
import { constructFromEvents, CORE_SCHEMA, EVENT_ID, mergeTag, parseEvents, YAMLException, type Event } from 'js-yaml';
import { badRequest, statusError } from './status.js';

export interface YamlLimits {
  /** Collections nested inside one another in one document, the outermost one included. */
  maxDepth: number;
  /** Documents in the text, empty ones between markers included (counted by their `---` / `...` markers). */
  maxDocuments: number;
  /** Keys of one mapping. */
  maxKeysPerMapping: number;
  /** Values that aliases stand for in one document, counted as if each alias were written out. */
  maxAliasValues: number;
  /** Names the input in 413 messages: `request body`, a file name. */
  subject: string;
  /** The depth named in the 413 message, when the caller's own limit is smaller than maxDepth (Lists wrap objects). */
  reportedDepth?: number;
}

export const DEFAULT_YAML_LIMITS: YamlLimits = {
  maxDepth: 100,
  maxDocuments: 1_000_000,
  maxKeysPerMapping: 10_000,
  // Kubernetes objects need no alias; a shared label set or port list a few hundred values.
  maxAliasValues: 10_000,
  subject: 'input',
};

// YAML 1.2 core schema (`yes` is a string) with merge keys (`<<`), as kubectl's go-yaml reads them.
const SCHEMA = CORE_SCHEMA.withTags(mergeTag);

/** A line that starts a document (`---`) or ends one (`...`): nothing else at column 0 can. */
const DOCUMENT_MARKER = /^(?:---|\.\.\.)(?=[ \t\r\n]|$)/gm;

/** Every document of `text`; empty and comment-only documents read as nothing. */
export function readYaml(text: string, limits: YamlLimits = DEFAULT_YAML_LIMITS): unknown[] {
  refuseManyDocuments(text, limits);
  let events: Event[];
  try {
    // js-yaml refuses opening a collection at depth maxDepth (counted from 0).
    events = parseEvents(text, { maxDepth: limits.maxDepth + 1 });
  } catch (e) {
    throw yamlError(e, text, limits);
  }
  checkEvents(events, text, limits);
  let docs: unknown[];
  try {
    docs = constructFromEvents(events, { source: text, schema: SCHEMA, maxTotalMergeKeys: limits.maxAliasValues });
  } catch (e) {
    throw yamlError(e, text, limits);
  }
  return docs.filter((doc) => doc !== null && doc !== undefined);
}

/**
 * Each document after the first starts at a `---` or `...` marker, so more markers than the limit
 * is more documents than the limit (a leading `---` aside). Counting them costs one scan of the
 * text: a body of 100,000 tiny documents is refused before any is parsed.
 */
function refuseManyDocuments(text: string, limits: YamlLimits): void {
  DOCUMENT_MARKER.lastIndex = 0;
  let markers = 0;
  while (DOCUMENT_MARKER.exec(text) !== null) {
    if (++markers > limits.maxDocuments) {
      throw tooLarge(`${limits.subject} holds more than the limit of ${limits.maxDocuments} YAML documents`);
    }
  }
}

interface Open {
  /** Values of the document when this collection opened. */
  valuesAtOpen: number;
  /** Children so far (a mapping's keys and values alternate). */
  children: number;
  mapping: boolean;
  /** The anchor name, when the collection has one. */
  anchor: string | null;
}

/**
 * The limits of one pass over the events: keys per mapping, and alias expansion — each alias counts
 * the values of its anchor, so a billion-laughs bomb is refused after maxAliasValues steps, not
 * after building (or walking) its billion values.
 */
function checkEvents(events: Event[], text: string, limits: YamlLimits): void {
  let values = 0;
  let expanded = 0;
  let anchors = new Map<string, number>();
  const open: Open[] = [];
  const child = () => {
    const top = open[open.length - 1];
    if (top && top.mapping && ++top.children > 2 * limits.maxKeysPerMapping) {
      throw tooLarge(`${limits.subject} has a mapping of more than the limit of ${limits.maxKeysPerMapping} keys`);
    }
    values += 1;
  };
  for (const event of events) {
    switch (event.type) {
      case EVENT_ID.DOCUMENT:
        // An anchor is known only in its own document.
        values = 0;
        expanded = 0;
        anchors = new Map();
        break;
      case EVENT_ID.SCALAR:
        child();
        if (event.anchorStart !== -1) anchors.set(text.slice(event.anchorStart, event.anchorEnd), 1);
        break;
      case EVENT_ID.SEQUENCE:
      case EVENT_ID.MAPPING:
        child();
        open.push({
          valuesAtOpen: values,
          children: 0,
          mapping: event.type === EVENT_ID.MAPPING,
          anchor: event.anchorStart === -1 ? null : text.slice(event.anchorStart, event.anchorEnd),
        });
        break;
      case EVENT_ID.ALIAS: {
        child();
        const size = anchors.get(text.slice(event.anchorStart, event.anchorEnd)) ?? 1;
        expanded += size;
        // The expansion is part of the enclosing anchors' values too: nested aliases multiply.
        values += size - 1;
        if (expanded > limits.maxAliasValues) throw badRequest('invalid YAML: too many alias expansions (a YAML alias bomb?)');
        break;
      }
      case EVENT_ID.POP: {
        const closed = open.pop();
        if (closed?.anchor) anchors.set(closed.anchor, values - closed.valuesAtOpen + 1);
        break;
      }
    }
  }
}

/** js-yaml's reasons in the words tpe has always used, with the line and column of the problem. */
const REASONS: ReadonlyArray<[RegExp, string]> = [
  [/^duplicated mapping key$/, 'Map keys must be unique'],
  [/^tab characters must not be used in indentation$/, 'Tabs are not allowed as indentation'],
];

function yamlError(e: unknown, text: string, limits: YamlLimits): Error {
  if (!(e instanceof YAMLException)) return e instanceof Error ? e : new Error(String(e));
  if (/^nesting exceeded maxDepth/.test(e.reason)) {
    const depth = limits.reportedDepth ?? limits.maxDepth;
    return tooLarge(`${limits.subject} nests objects and lists deeper than the limit of ${depth} levels`);
  }
  if (/^(aliases exceeded|too many merge keys|merge keys exceeded)/.test(e.reason))
    return badRequest('invalid YAML: too many alias expansions (a YAML alias bomb?)');
  let reason = e.reason;
  for (const [pattern, words] of REASONS) if (pattern.test(reason)) reason = words;
  const mark = e.mark;
  if (!mark) return badRequest(`invalid YAML: ${reason}`);
  const { index, total } = documentAt(text, mark.position);
  const where = total > 1 ? ` (document ${index})` : '';
  // Bad indentation is the line's leading whitespace: it starts at column 1.
  const column = /^bad indentation/.test(reason) ? 1 : mark.column + 1;
  return badRequest(`invalid YAML${where}: ${reason} at line ${mark.line + 1}, column ${column}`);
}

/**
 * Which document holds `position`, and how many the text has, from its `---` markers: a marker
 * after content starts a new document, a marker before any content starts the first.
 */
function documentAt(text: string, position: number): { index: number; total: number } {
  let index = 0;
  let total = 0;
  let content = false;
  let start = 0;
  for (const line of text.split('\n')) {
    const marker = /^---(?=[ \t\r]|$)/.test(line);
    const hasContent = !/^\s*(?:#.*)?$/.test(line) && !line.startsWith('%') && !/^\.\.\.(?=[ \t\r]|$)/.test(line);
    if (marker) {
      if (content || total === 0) total += 1;
      content = /^---[ \t]+[^#\s]/.test(line);
    } else if (hasContent && !content) {
      if (total === 0) total = 1;
      content = true;
    }
    if (start <= position) index = Math.max(total, 1);
    start += line.length + 1;
  }
  return { index, total };
}

function tooLarge(message: string) {
  return statusError('RequestEntityTooLarge', 413, message);
}

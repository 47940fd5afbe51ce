/**
 * YAML with positions, for Kubernetes manifests and compose files: `yaml`'s `parseAllDocuments` with
 * a `LineCounter`, and small accessors rules read values through. Every node keeps its offsets, so a
 * finding lands on the offending key (or on its parent when the key is missing).
 */
import { LineCounter, isMap, isPair, isScalar, isSeq, parseAllDocuments, type Document, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';

export type { Node as YamlNode, Pair as YamlPair, YAMLMap as YamlMap, YAMLSeq as YamlSeq };
export { isMap, isPair, isScalar, isSeq };

/** A 1-based range, as findings report it (the engine's type, so manifest and code findings agree). */
export type { SourceRange } from '../engine/engine.js';
import type { SourceRange } from '../engine/engine.js';

export interface YamlFile {
  text: string;
  documents: Document.Parsed[];
  lineCounter: LineCounter;
  /** The first syntax error, if any (`line:column message`). */
  error: string | undefined;
}

export function parseYaml(text: string): YamlFile {
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(text, { lineCounter, uniqueKeys: false, prettyErrors: false });
  const list = Array.isArray(documents) ? documents : [];
  let error: string | undefined;
  for (const doc of list) {
    const first = doc.errors[0];
    if (first !== undefined) {
      const pos = lineCounter.linePos(first.pos[0]);
      error = `${pos.line}:${pos.col} ${first.message.split('\n')[0]}`;
      break;
    }
  }
  return { text, documents: list, lineCounter, error };
}

export function rangeOf(file: { lineCounter: LineCounter }, start: number, end: number): SourceRange {
  const a = file.lineCounter.linePos(start);
  const b = file.lineCounter.linePos(Math.max(end, start));
  return { line: a.line, column: a.col, endLine: b.line, endColumn: b.col, start, end: Math.max(end, start) };
}

/** The range of a node's own text (a scalar, a flow collection, a block collection's first line). */
export function nodeRange(file: { lineCounter: LineCounter; text: string }, node: Node | Pair | null | undefined): SourceRange | undefined {
  if (node === null || node === undefined) return undefined;
  if (isPair(node)) return nodeRange(file, node.key as Node);
  const range = node.range;
  if (range === undefined || range === null) return undefined;
  let end = range[1];
  if (isMap(node) || isSeq(node)) {
    // A block collection spans many lines: report its first line only.
    const newline = file.text.indexOf('\n', range[0]);
    if (newline >= 0 && newline < end) end = newline;
    end = range[0] + file.text.slice(range[0], end).trimEnd().length;
  }
  return rangeOf(file, range[0], end);
}

/** The pair of a map with this key, last one wins (as Kubernetes reads duplicates). */
export function pairOf(node: unknown, key: string): Pair | undefined {
  if (!isMap(node)) return undefined;
  let found: Pair | undefined;
  for (const item of node.items) {
    const k = item.key;
    if (isScalar(k) ? String(k.value) === key : k === key) found = item as Pair;
  }
  return found;
}

/** The value at a path of keys, or undefined. */
export function at(node: unknown, ...keys: string[]): Node | undefined {
  let current: unknown = node;
  for (const key of keys) {
    const pair = pairOf(current, key);
    if (pair === undefined) return undefined;
    current = pair.value;
  }
  return (current ?? undefined) as Node | undefined;
}

/** The key node at a path (for reporting at an existing key), or undefined. */
export function keyAt(node: unknown, ...keys: string[]): Node | undefined {
  const parent = keys.length > 1 ? at(node, ...keys.slice(0, -1)) : node;
  return pairOf(parent, keys[keys.length - 1]!)?.key as Node | undefined;
}

export function scalarValue(node: unknown): unknown {
  return isScalar(node) ? node.value : undefined;
}

export function stringValue(node: unknown): string | undefined {
  const v = scalarValue(node);
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
}

export function numberValue(node: unknown): number | undefined {
  const v = scalarValue(node);
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v.trim())) return Number(v);
  return undefined;
}

export function booleanValue(node: unknown): boolean | undefined {
  const v = scalarValue(node);
  if (typeof v === 'boolean') return v;
  if (v === 'true') return true;
  if (v === 'false') return false;
  return undefined;
}

export function seqItems(node: unknown): Node[] {
  return isSeq(node) ? (node.items.filter((i) => i !== null && i !== undefined) as Node[]) : [];
}

export function mapEntries(node: unknown): { key: string; keyNode: Node; value: Node | undefined }[] {
  if (!isMap(node)) return [];
  const out: { key: string; keyNode: Node; value: Node | undefined }[] = [];
  for (const item of node.items) {
    const key = isScalar(item.key) ? String(item.key.value) : undefined;
    if (key !== undefined) out.push({ key, keyNode: item.key as Node, value: (item.value ?? undefined) as Node | undefined });
  }
  return out;
}

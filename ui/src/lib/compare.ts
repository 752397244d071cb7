// The shape of a comparison between two articles. The alignment engine (later) produces rows
// pairing sentences of A and B with a relation; until then `unalignedRows` lists the sentences of
// both articles side by side with no relation, through the same row component.

export type ContradictionKind = 'numeric' | 'polarity' | 'attribution' | 'framing';
export type Relation = 'same' | 'paraphrase' | `contradiction:${ContradictionKind}` | 'omission';

export interface SentenceRef {
  /** Sentence index within its article. */
  index: number;
  text: string;
  /** Byte ranges inside `text` to highlight as word differences. */
  diff?: [number, number][];
}

export interface CompareRow {
  left: SentenceRef | null;
  right: SentenceRef | null;
  /** `null` while no alignment has been computed. */
  relation: Relation | null;
  /** Optional short explanation (e.g. "120 vs 34 killed"). */
  note?: string;
}

export function isContradiction(r: Relation | null): boolean {
  return !!r && r.startsWith('contradiction:');
}

export function relationLabel(r: Relation | null): string {
  if (!r) return 'not aligned';
  if (r.startsWith('contradiction:')) return `contradiction (${r.slice('contradiction:'.length)})`;
  return r;
}

export function unalignedRows(
  left: { index: number; text: string }[],
  right: { index: number; text: string }[],
): CompareRow[] {
  const n = Math.max(left.length, right.length);
  const rows: CompareRow[] = [];
  for (let i = 0; i < n; i++) {
    const l = left[i];
    const r = right[i];
    rows.push({ left: l ? { index: l.index, text: l.text } : null, right: r ? { index: r.index, text: r.text } : null, relation: null });
  }
  return rows;
}

/** Index of the next (dir 1) or previous (dir -1) contradiction row after `from`, or -1. */
export function nextContradiction(rows: CompareRow[], from: number, dir: 1 | -1): number {
  for (let i = from + dir; i >= 0 && i < rows.length; i += dir) if (isContradiction(rows[i].relation)) return i;
  return -1;
}

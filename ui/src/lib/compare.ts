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
  /** Byte ranges inside `text` of the numbers and of the speaker the claim engine found. */
  numbers?: [number, number][];
  speakers?: [number, number][];
}

/** The spans inside [start, end), shifted to be relative to `start`. `spans` is sorted by start
 * (the comparison's `marks_a` / `marks_b`), so this is a binary search plus the spans inside: a long comparison has hundreds
 * of rows and each article hundreds of marks. */
export function within(spans: ReadonlyArray<readonly [number, number]> | undefined, start: number, end: number): [number, number][] {
  const out: [number, number][] = [];
  if (!spans) return out;
  let lo = 0;
  let hi = spans.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (spans[mid][0] < start) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < spans.length && spans[i][0] < end; i++) if (spans[i][1] <= end) out.push([spans[i][0] - start, spans[i][1] - start]);
  return out;
}

export interface CompareRow {
  left: SentenceRef | null;
  right: SentenceRef | null;
  /** `null` while no alignment has been computed. */
  relation: Relation | null;
  /** Optional short explanation (e.g. "120 vs 34 killed"). */
  note?: string;
  /** The engine's pair (key, computed vs researcher label, score), for verdicts and notes. */
  pair?: ComparedPair;
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

import type { AlignedPair, ClaimRef, ComparedPair, Comparison } from '../generated/types';
import type { Backend } from './backend';

// The comparison is asked for as soon as the route names the pair (App's hashchange handler, or
// the page opened on a compare link), before the view is built, so the request and the server's
// work overlap the teardown of the previous view and the building of this one. The view takes that
// request once; any later fetch (another pair, a verdict changed the labels) is a new request.
let early: { key: string; at: number; answer: Promise<Comparison> } | null = null;
const EARLY_MS = 10_000;

/** Send the comparison request for the pair `a`/`b` now; `takeComparison` picks it up. The
 * answer, for the caller to wait on (it never rejects: a failure is reported when taken). */
export function requestComparison(backend: Backend, a: number, b: number): Promise<unknown> {
  const answer = backend.compare(a, b, 'spans');
  early = { key: `${a}/${b}`, at: performance.now(), answer };
  return answer.catch(() => {});
}

/** The request `requestComparison` sent for this pair (once, if recent), or a new one. */
export function takeComparison(backend: Backend, a: number, b: number): Promise<Comparison> {
  const e = early;
  early = null;
  if (e && e.key === `${a}/${b}` && performance.now() - e.at < EARLY_MS) return e.answer;
  return backend.compare(a, b, 'spans');
}

/** Byte ranges (relative to the claim's text) of the words that differ on one side of a pair. */
function diffRanges(p: AlignedPair, side: 'a' | 'b', claim: ClaimRef): [number, number][] {
  const out: [number, number][] = [];
  for (const d of p.diff) {
    if (d.op === 'equal') continue;
    const sp = side === 'a' ? d.a_span : d.b_span;
    if (sp && sp.start >= claim.start && sp.end <= claim.end) out.push([sp.start - claim.start, sp.end - claim.start]);
  }
  return out;
}

/** Rows of the compare view from the alignment engine's output; numbers and speakers are marked
 * from the comparison's own marks (byte spans into each page text, sorted by start). */
export function rowsFromComparison(c: Pick<Comparison, 'pairs' | 'marks_a' | 'marks_b'>): CompareRow[] {
  const [marksA, marksB] = [c.marks_a, c.marks_b];
  return c.pairs.map((p) => {
    const relation: Relation | null =
      p.relation === 'contradiction'
        ? (`contradiction:${p.kind === 'none' ? 'polarity' : p.kind}` as Relation)
        : p.relation === 'related'
          ? null
          : (p.relation as Relation);
    const aligned = p.relation === 'same' || p.relation === 'paraphrase' || p.relation === 'contradiction';
    // The marks of a row are worked out when it is drawn (the first screen at once, the rest in
    // idle time), not for every row before the first one is shown.
    const side = (claim: ClaimRef | null, s: 'a' | 'b'): SentenceRef | null => {
      if (!claim) return null;
      const marks = s === 'a' ? marksA : marksB;
      let diff: [number, number][] | undefined;
      let numbers: [number, number][] | undefined;
      let speakers: [number, number][] | undefined;
      return {
        index: claim.clause,
        text: claim.text,
        get diff() {
          return (diff ??= aligned ? diffRanges(p, s, claim) : []);
        },
        get numbers() {
          return (numbers ??= within(marks?.numbers, claim.start, claim.end));
        },
        get speakers() {
          return (speakers ??= within(marks?.speakers, claim.start, claim.end));
        },
      };
    };
    const framing = p.kind === 'framing' && p.relation !== 'contradiction' ? 'framing differs' : undefined;
    return {
      left: side(p.a, 'a'),
      right: side(p.b, 'b'),
      relation,
      note: [p.explanation, framing, p.relation === 'related' ? `related (${p.score.toFixed(2)})` : undefined].filter(Boolean).join(' · ') || undefined,
      pair: p,
    };
  });
}

// Byte-offset helpers. The core reports spans as UTF-8 byte offsets into a string; JavaScript
// strings are UTF-16, so offsets are never used as string indices directly: the text is encoded
// once to a Uint8Array and slices are decoded back.

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8');

/** A string with its UTF-8 bytes, for slicing by byte offsets. */
export class ByteText {
  readonly text: string;
  readonly bytes: Uint8Array;
  constructor(text: string) {
    this.text = text;
    this.bytes = encoder.encode(text);
  }
  get byteLength(): number {
    return this.bytes.length;
  }
  /** Snap a byte offset back to the start of the UTF-8 character it falls in, clamped to the text. */
  private snap(i: number): number {
    let k = Math.max(0, Math.min(Math.trunc(i), this.bytes.length));
    while (k > 0 && k < this.bytes.length && (this.bytes[k] & 0xc0) === 0x80) k--;
    return k;
  }
  /** The text between two byte offsets (clamped, snapped to character boundaries). */
  slice(start: number, end: number): string {
    const s = this.snap(start);
    const e = this.snap(end);
    return e <= s ? '' : decoder.decode(this.bytes.subarray(s, e));
  }
}

export interface Segment {
  text: string;
  /** Index of the span this segment belongs to, or -1 for text outside all spans. */
  mark: number;
}

/**
 * Split `text` into consecutive segments at byte spans: text inside span i gets `mark: i`, the rest
 * `mark: -1`. Spans may be unsorted or overlapping (an overlapped part goes to the earlier span);
 * out-of-range offsets are clamped. Joining the segments' text gives back `text` exactly.
 */
export function segmentByteSpans(text: string | ByteText, spans: ReadonlyArray<readonly [number, number]>): Segment[] {
  const bt = typeof text === 'string' ? new ByteText(text) : text;
  const n = bt.byteLength;
  const order = spans
    .map(([s, e], i) => ({ s: Math.max(0, Math.min(s, n)), e: Math.max(0, Math.min(e, n)), i }))
    .filter((x) => x.e > x.s)
    .sort((a, b) => a.s - b.s || a.i - b.i);
  const out: Segment[] = [];
  let pos = 0;
  const push = (s: number, e: number, mark: number) => {
    const t = bt.slice(s, e);
    if (t) out.push({ text: t, mark });
  };
  for (const sp of order) {
    const s = Math.max(sp.s, pos);
    if (sp.e <= s) continue;
    if (s > pos) push(pos, s, -1);
    push(s, sp.e, sp.i);
    pos = sp.e;
  }
  if (pos < n) push(pos, n, -1);
  return out;
}

/** Bidirectional formatting characters that could reorder displayed text, with visible names. */
const BIDI_NAMES: Record<string, string> = {
  '\u202A': 'LRE',
  '\u202B': 'RLE',
  '\u202C': 'PDF',
  '\u202D': 'LRO',
  '\u202E': 'RLO',
  '\u2066': 'LRI',
  '\u2067': 'RLI',
  '\u2068': 'FSI',
  '\u2069': 'PDI',
};
const BIDI_RE = /[\u202A-\u202E\u2066-\u2069]/g;

export interface TextPart {
  text: string;
  /** True when this part is a visible stand-in (e.g. `⟨RLO⟩`) for a bidi control character. */
  control: boolean;
}

/**
 * Split display text so bidi embedding/override/isolate characters are shown, not obeyed: each one
 * becomes a `control` part reading `⟨NAME⟩`. Only for display; offsets always refer to the original.
 */
export function visibleBidi(text: string): TextPart[] {
  const out: TextPart[] = [];
  let last = 0;
  BIDI_RE.lastIndex = 0;
  for (let m = BIDI_RE.exec(text); m; m = BIDI_RE.exec(text)) {
    if (m.index > last) out.push({ text: text.slice(last, m.index), control: false });
    out.push({ text: `⟨${BIDI_NAMES[m[0]]}⟩`, control: true });
    last = m.index + 1;
  }
  if (last < text.length || out.length === 0) out.push({ text: text.slice(last), control: false });
  return out;
}

/** Writing direction for a language code (`ar`, `fa`, `he`, `ur`… → rtl). */
export function dirForLanguage(lang: string | null | undefined): 'rtl' | 'ltr' {
  const l = (lang ?? '').toLowerCase().split(/[-_]/)[0];
  return ['ar', 'fa', 'he', 'ur', 'ps', 'yi', 'ckb', 'dv', 'sd', 'ug'].includes(l) ? 'rtl' : 'ltr';
}

/** `visibleBidi` flattened to a string, for places that can only hold text (`<option>`, `title=`). */
export function bidiSafe(text: string | null | undefined): string {
  return visibleBidi(text ?? '')
    .map((p) => p.text)
    .join('');
}

export interface LayeredSegment {
  text: string;
  /** Names of every layer whose ranges cover this segment (empty: plain text). */
  layers: string[];
}

/**
 * Split `text` at the byte ranges of several named layers (e.g. word diffs, numbers, speakers)
 * that may overlap: each segment lists every layer covering it. Joining the segments gives `text`.
 */
export function segmentLayers(text: string | ByteText, layers: Record<string, ReadonlyArray<readonly [number, number]>>): LayeredSegment[] {
  const bt = typeof text === 'string' ? new ByteText(text) : text;
  const n = bt.byteLength;
  const clamp = (x: number) => Math.max(0, Math.min(x, n));
  const cuts = new Set<number>([0, n]);
  const all: { s: number; e: number; name: string }[] = [];
  for (const [name, ranges] of Object.entries(layers)) {
    for (const [s0, e0] of ranges) {
      const [s, e] = [clamp(s0), clamp(e0)];
      if (e <= s) continue;
      all.push({ s, e, name });
      cuts.add(s);
      cuts.add(e);
    }
  }
  const points = [...cuts].sort((a, b) => a - b);
  const out: LayeredSegment[] = [];
  for (let k = 0; k + 1 < points.length; k++) {
    const [s, e] = [points[k], points[k + 1]];
    const t = bt.slice(s, e);
    if (!t) continue;
    const names = [...new Set(all.filter((r) => r.s <= s && r.e >= e).map((r) => r.name))].sort();
    const prev = out[out.length - 1];
    if (prev && prev.layers.join(' ') === names.join(' ')) prev.text += t;
    else out.push({ text: t, layers: names });
  }
  return out;
}

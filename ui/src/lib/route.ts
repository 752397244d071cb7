// Hash routes: #/ (library), #/stories, #/story/ID, #/article/ID[?s=SENTENCE], #/compare[?a=ID&b=ID], #/codes, #/lexicon, #/dev/virtual, #/dev/compare.
export type Route =
  | { view: 'library' }
  | { view: 'article'; id: number; sentence: number | null }
  | { view: 'compare'; a: number | null; b: number | null }
  | { view: 'stories' }
  | { view: 'story'; id: number }
  | { view: 'codes' }
  | { view: 'lexicon' }
  | { view: 'virtual-demo' }
  | { view: 'compare-demo' };

const int = (s: string | null) => (s != null && /^\d+$/.test(s) ? Number(s) : null);

export function parseRoute(hash: string): Route {
  const h = hash.replace(/^#/, '');
  const [path, qs = ''] = h.split('?');
  const q = new URLSearchParams(qs);
  const m = /^\/article\/(\d+)$/.exec(path);
  if (m) return { view: 'article', id: Number(m[1]), sentence: int(q.get('s')) };
  if (path === '/stories') return { view: 'stories' };
  const st = /^\/story\/(\d+)$/.exec(path);
  if (st) return { view: 'story', id: Number(st[1]) };
  if (path === '/compare') return { view: 'compare', a: int(q.get('a')), b: int(q.get('b')) };
  if (path === '/codes') return { view: 'codes' };
  if (path === '/lexicon') return { view: 'lexicon' };
  if (path === '/dev/virtual') return { view: 'virtual-demo' };
  if (path === '/dev/compare') return { view: 'compare-demo' };
  return { view: 'library' };
}

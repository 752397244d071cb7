// Hash routes: #/ (library), #/article/ID[?s=SENTENCE], #/compare[?a=ID&b=ID], #/dev/virtual.
export type Route =
  | { view: 'library' }
  | { view: 'article'; id: number; sentence: number | null }
  | { view: 'compare'; a: number | null; b: number | null }
  | { view: 'virtual-demo' };

const int = (s: string | null) => (s != null && /^\d+$/.test(s) ? Number(s) : null);

export function parseRoute(hash: string): Route {
  const h = hash.replace(/^#/, '');
  const [path, qs = ''] = h.split('?');
  const q = new URLSearchParams(qs);
  const m = /^\/article\/(\d+)$/.exec(path);
  if (m) return { view: 'article', id: Number(m[1]), sentence: int(q.get('s')) };
  if (path === '/compare') return { view: 'compare', a: int(q.get('a')), b: int(q.get('b')) };
  if (path === '/dev/virtual') return { view: 'virtual-demo' };
  return { view: 'library' };
}

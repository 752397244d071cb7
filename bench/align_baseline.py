"""The obvious Python alignment pipeline, scored and timed on the same pairs as Rashomon."""
import difflib, glob, json, re, sys, time, unicodedata

import numpy as np
from scipy.optimize import linear_sum_assignment
from sklearn.feature_extraction.text import TfidfVectorizer

work, gold_path = sys.argv[1], sys.argv[2]
arts = {}
for p in glob.glob(f"{work}/article-*.json"):
    a = json.load(open(p, encoding="utf-8"))
    arts[a["source_name"]] = [s["text"] for s in a["sentences"]]
gold = [json.loads(l) for l in open(gold_path, encoding="utf-8") if l.strip()]

def words(s):
    s = unicodedata.normalize("NFKC", s).lower()
    return {w for w in re.split(r"\W+", s) if w}

def match(unit, g):
    u, gg = words(unit), words(g)
    if not u or not gg:
        return False
    i = len(u & gg)
    return (i / len(u) >= 0.7 and i >= min(4, len(gg))) or i / len(gg) >= 0.7

def align(A, B, same):
    vec = TfidfVectorizer().fit(A + B)
    sim = (vec.transform(A) @ vec.transform(B).T).toarray()
    if same:
        np.fill_diagonal(sim, 0)
    r, c = linear_sum_assignment(-sim)
    pairs = []
    for i, j in zip(r, c):
        if sim[i, j] >= 0.1:
            ratio = difflib.SequenceMatcher(None, A[i].split(), B[j].split()).ratio()
            rel = "same" if ratio > 0.8 else "paraphrase" if sim[i, j] > 0.3 else "related"
            pairs.append((A[i], B[j], rel))
    return pairs

# Timed by the rule `rashomon eval` times `align_ms` by: passes until there are at least 30
# (2 x api::EVAL_PASSES) and they add up to 500 ms (api::EVAL_MIN_MS), at most 2001; the first
# half warms up, the time is the median of the second half.
times = []
while len(times) < 30 or (sum(times) < 500.0 and len(times) < 2001):
    t0 = time.perf_counter()
    cache = {}
    for g in gold:
        key = tuple(sorted((g["a_file"], g["b_file"])))
        if key not in cache:
            cache[key] = align(arts[key[0]], arts[key[1]], key[0] == key[1])
    times.append((time.perf_counter() - t0) * 1000)
warm = times[len(times) // 2:]
py_ms = sorted(warm)[len(warm) // 2]

aligned = correct = 0
by_rel = {}
for g in gold:
    key = tuple(sorted((g["a_file"], g["b_file"])))
    ta, tb = (g["a_text"], g["b_text"]) if key[0] == g["a_file"] else (g["b_text"], g["a_text"])
    row = next((p for p in cache[key] if (match(p[0], ta) and match(p[1], tb)) or (key[0] == key[1] and match(p[0], tb) and match(p[1], ta))), None)
    st = by_rel.setdefault(g["relation"], [0, 0])
    st[0] += 1
    if row:
        aligned += 1
        if row[2] == g["relation"]:
            correct += 1
            st[1] += 1

r = json.load(open(f"{work}/rashomon.json"))
n = len(gold)
rs_correct = sum(s["correct"] for s in r["relations"])
print(f"gold pairs: {n}")
cold_ms = r.get("cold_ms", r["align_ms"])
print(f"{'':22} {'aligned':>8} {'relation right':>15} {'time (ms)':>10}  (median of the passes after as many to warm up: rashomon {r.get('passes', 15)}, python {len(warm)}; cold: one)")
print(f"{'rashomon (analysed)':22} {r['aligned']:>8} {rs_correct:>15} {r['align_ms']:>10.3f}")
print(f"{'rashomon (cold)':22} {'':>8} {'':>15} {cold_ms:>10.3f}")
print(f"{'python':22} {aligned:>8} {correct:>15} {py_ms:>10.3f}")
print(f"alignment recall: rashomon {r['aligned']/n:.2f}, python {aligned/n:.2f}")
print(f"relation accuracy: rashomon {rs_correct/n:.2f}, python {correct/n:.2f}")
# Rashomon analyses each article once (claims, aligner features, embeddings) and keeps it; the
# first ratio is the app's case (articles analysed at first use), the second includes that analysis.
print(f"speed, articles analysed: rashomon is {py_ms / max(r['align_ms'], 1e-6):.1f}x faster")
print(f"speed, cold (analysis included): rashomon is {py_ms / max(cold_ms, 1e-6):.1f}x faster")

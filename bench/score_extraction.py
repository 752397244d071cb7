#!/usr/bin/env python3
"""Score main-text extractors on the trafilatura evaluation corpus.

Per page: whitespace runs collapse to one space in the output and in each snippet; a `with`
snippet found is a true positive (else a false negative); a `without` snippet found is a false
positive (else a true negative). Counts are summed over pages; a crash or empty output misses
every `with` snippet. Both extractors run on the same files in the same run, so the speed ratio
is comparable; it is reported for wall time and for CPU time (steadier on a shared machine).
"""
import argparse
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time

WS = re.compile(r"\s+")


def collapse(s):
    return WS.sub(" ", s or "").strip()


def score(pages, outputs, misses=None):
    tp = fn = fp = tn = 0
    for key, page in pages.items():
        text = collapse(outputs.get(key, ""))
        for s in page["with"]:
            if text and collapse(s) in text:
                tp += 1
            else:
                fn += 1
                if misses is not None:
                    misses.append((key, "missed", s))
        for s in page["without"]:
            if text and collapse(s) in text:
                fp += 1
                if misses is not None:
                    misses.append((key, "kept", s))
            else:
                tn += 1
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f1, "tp": tp, "fp": fp, "fn": fn, "tn": tn}


def run_rashomon(binary, files):
    with tempfile.NamedTemporaryFile("w", suffix=".lst", delete=False) as f:
        f.write("\n".join(files))
        lst = f.name
    try:
        t = time.perf_counter()
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        proc = subprocess.run([binary, "--list", lst], capture_output=True, text=True)
        elapsed = time.perf_counter() - t
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    finally:
        os.unlink(lst)
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr)
    out, errors = {}, 0
    for line in proc.stdout.splitlines():
        rec = json.loads(line)
        out[rec["file"]] = rec.get("body") or ""
        errors += "error" in rec
    return out, elapsed, cpu, errors


def run_trafilatura(files):
    import trafilatura

    out, errors = {}, 0
    t = time.perf_counter()
    c = time.process_time()
    for path in files:
        try:
            with open(path, "rb") as fh:
                data = fh.read()
            out[path] = trafilatura.extract(data) or ""
        except Exception:  # a crash counts as empty output
            out[path] = ""
            errors += 1
    return out, time.perf_counter() - t, time.process_time() - c, errors


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bench", required=True)
    ap.add_argument("--rashomon", required=True, help="path of the extract_dir example binary")
    ap.add_argument("--limit", type=int, default=0, help="only the first N pages")
    ap.add_argument("--json", help="also write the results here")
    ap.add_argument("--repeat", type=int, default=1, help="run both N times (interleaved), report median speed")
    ap.add_argument(
        "--misses",
        action="store_true",
        help="also print, per page, the `with` snippets Rashomon missed and the `without` snippets it kept, "
        "each marked with whether trafilatura got it right",
    )
    args = ap.parse_args()

    data = json.load(open(os.path.join(args.bench, "evaldata.json"), encoding="utf-8"))
    pages = {}
    for url, rec in data.items():
        path = os.path.join(args.bench, "eval", rec["file"])
        if not os.path.exists(path):
            path = os.path.join(args.bench, "cache", rec["file"])
        pages[path] = rec
    if args.limit:
        pages = dict(list(pages.items())[: args.limit])
    files = list(pages)
    n = len(files)

    import trafilatura

    results = {}
    # Interleaved repeats, median time of each: the machine may be shared. CPU time as well: on a
    # busy machine it varies much less than wall time.
    r_times, t_times, r_cpus, t_cpus = [], [], [], []
    for _ in range(max(1, args.repeat)):
        r_out, r_time, r_cpu, r_err = run_rashomon(args.rashomon, files)
        t_out, t_time, t_cpu, t_err = run_trafilatura(files)
        r_times.append(r_time)
        t_times.append(t_time)
        r_cpus.append(r_cpu)
        t_cpus.append(t_cpu)
    r_time, t_time = statistics.median(r_times), statistics.median(t_times)
    r_cpu, t_cpu = statistics.median(r_cpus), statistics.median(t_cpus)
    misses = [] if args.misses else None
    results["rashomon"] = dict(
        score(pages, r_out, misses), seconds=r_time, cpu_seconds=r_cpu, pages_per_s=n / r_time, errors=r_err
    )
    results["trafilatura " + trafilatura.__version__] = dict(
        score(pages, t_out), seconds=t_time, cpu_seconds=t_cpu, pages_per_s=n / t_time, errors=t_err
    )

    print(f"{n} pages, {max(1, args.repeat)} run(s) each, median time")
    print(f"{'extractor':<22} {'F1':>6} {'P':>6} {'R':>6} {'pages/s':>9} {'CPU s':>7} {'errors':>7}")
    for name, r in results.items():
        print(
            f"{name:<22} {r['f1']:6.3f} {r['precision']:6.3f} {r['recall']:6.3f} {r['pages_per_s']:9.1f} "
            f"{r['cpu_seconds']:7.1f} {r['errors']:7d}"
        )
    names = list(results)
    ratio = results[names[0]]["pages_per_s"] / results[names[1]]["pages_per_s"]
    cpu_ratio = results[names[1]]["cpu_seconds"] / max(results[names[0]]["cpu_seconds"], 1e-9)
    print(f"speed ratio rashomon/trafilatura: {ratio:.1f}x wall time, {cpu_ratio:.1f}x CPU time")
    if args.json:
        json.dump(results, open(args.json, "w"), indent=1)
    if misses:
        print(f"\nRashomon's misses ({len(misses)}); [T] = trafilatura got it right")
        for key, kind, s in misses:
            t = collapse(t_out.get(key, ""))
            t_right = (collapse(s) in t) == (kind == "missed")
            print(f"{'[T]' if t_right else '   '} {kind:6} {os.path.basename(key)}: {collapse(s)[:100]}")


if __name__ == "__main__":
    main()

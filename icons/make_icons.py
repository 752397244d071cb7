#!/usr/bin/env python3
"""Draw Rashomon's icon (two overlapping accounts of one event: a red-ish and a teal
speech bubble over a dark square) and write every size Tauri bundling needs.
Pure Python (zlib + struct), so it runs anywhere: `python3 icons/make_icons.py`."""
import math, struct, zlib, os

HERE = os.path.dirname(os.path.abspath(__file__))

def render(n):
    ss = 3  # supersampling
    N = n * ss
    bg = (24, 30, 48)
    red = (214, 69, 65)
    teal = (22, 160, 150)
    px = []
    r_corner = 0.22 * N
    def inside_rounded(x, y):
        cx = min(max(x, r_corner), N - r_corner)
        cy = min(max(y, r_corner), N - r_corner)
        return (x - cx) ** 2 + (y - cy) ** 2 <= r_corner ** 2
    def bubble(x, y, cx, cy, rad, tail_dir):
        if (x - cx) ** 2 + (y - cy) ** 2 <= rad ** 2:
            return True
        # tail: a triangle below the bubble
        tx = cx + tail_dir * rad * 0.55
        ty = cy + rad * 0.75
        bx = cx + tail_dir * rad * 0.95
        by = cy + rad * 1.35
        # barycentric test for triangle (tx-0.25r, ty), (tx+0.25r, ty), (bx, by)
        ax, ay = tx - 0.28 * rad, ty
        cx2, cy2 = tx + 0.28 * rad, ty
        def sign(p1x, p1y, p2x, p2y, p3x, p3y):
            return (p1x - p3x) * (p2y - p3y) - (p2x - p3x) * (p1y - p3y)
        d1 = sign(x, y, ax, ay, cx2, cy2)
        d2 = sign(x, y, cx2, cy2, bx, by)
        d3 = sign(x, y, bx, by, ax, ay)
        neg = d1 < 0 or d2 < 0 or d3 < 0
        pos = d1 > 0 or d2 > 0 or d3 > 0
        return not (neg and pos)
    rows = []
    for j in range(n):
        row = bytearray([0])
        for i in range(n):
            acc = [0, 0, 0, 0]
            for sj in range(ss):
                for si in range(ss):
                    x = i * ss + si + 0.5
                    y = j * ss + sj + 0.5
                    if not inside_rounded(x, y):
                        continue
                    c = bg
                    inl = bubble(x, y, 0.40 * N, 0.42 * N, 0.25 * N, -1)
                    inr = bubble(x, y, 0.60 * N, 0.50 * N, 0.25 * N, 1)
                    if inl and inr:
                        c = (240, 236, 226)
                    elif inl:
                        c = red
                    elif inr:
                        c = teal
                    acc[0] += c[0]; acc[1] += c[1]; acc[2] += c[2]; acc[3] += 255
            k = ss * ss
            a = acc[3] // k
            if a:
                cov = acc[3] / 255
                row += bytes([int(acc[0] / cov), int(acc[1] / cov), int(acc[2] / cov), a])
            else:
                row += bytes([0, 0, 0, 0])
        rows.append(bytes(row))
    return b"".join(rows)

def png(n):
    raw = render(n)
    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xFFFFFFFF)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", n, n, 8, 6, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))

def main():
    sizes = {"32x32.png": 32, "64x64.png": 64, "128x128.png": 128, "128x128@2x.png": 256, "icon.png": 512}
    cache = {}
    for name, n in sizes.items():
        cache[n] = cache.get(n) or png(n)
        open(os.path.join(HERE, name), "wb").write(cache[n])
    # ICO with embedded PNGs (Vista+ format).
    ico_sizes = [16, 32, 48, 256]
    imgs = [cache.get(n) or png(n) for n in ico_sizes]
    head = struct.pack("<HHH", 0, 1, len(imgs))
    off = 6 + 16 * len(imgs)
    dirs = b""
    for n, d in zip(ico_sizes, imgs):
        dirs += struct.pack("<BBBBHHII", n % 256, n % 256, 0, 0, 1, 32, len(d), off)
        off += len(d)
    open(os.path.join(HERE, "icon.ico"), "wb").write(head + dirs + b"".join(imgs))
    # ICNS with PNG entries: ic07 (128), ic08 (256), ic09 (512).
    entries = b""
    for tag, n in ((b"ic07", 128), (b"ic08", 256), (b"ic09", 512)):
        d = cache.get(n) or png(n)
        entries += tag + struct.pack(">I", len(d) + 8) + d
    open(os.path.join(HERE, "icon.icns"), "wb").write(b"icns" + struct.pack(">I", len(entries) + 8) + entries)

if __name__ == "__main__":
    main()

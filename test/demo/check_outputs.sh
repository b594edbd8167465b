#!/bin/sh
# test/demo/check_outputs.sh DIR: checks the demo's maps and chart in DIR (hotspots.svg,
# emerging.svg, trends.svg, hotspots.html, as demo/render.sql draws them):
#   - each SVG is well-formed XML (xmllint --noout);
#   - the hot spot map has cells (elements in the group id="hotspot-cells"), the emerging
#     map has cells, the chart has series;
#   - hotspots.html holds the same SVG, byte for byte, inline;
#   - headless Chromium renders hotspots.svg and hotspots.html to PNG (in DIR/png/), and
#     each PNG is not blank (many pixels differ from the background, many colours).
# Exits 0 when all pass, 1 with a message on the first failure, 77 when chromium or
# xmllint is missing (Debian packages chromium, libxml2-utils; tools/debian-packages.txt).
set -eu

fail() { echo "check_outputs: FAIL: $*" >&2; exit 1; }

[ $# -eq 1 ] || { echo "usage: $0 DIR" >&2; exit 2; }
DIR=$1
[ -d "$DIR" ] || fail "$DIR is not a directory"
command -v xmllint >/dev/null 2>&1 || { echo "check_outputs: SKIP: xmllint is not installed (apt-get install libxml2-utils)" >&2; exit 77; }
command -v chromium >/dev/null 2>&1 || { echo "check_outputs: SKIP: chromium is not installed (apt-get install chromium)" >&2; exit 77; }
command -v python3 >/dev/null 2>&1 || { echo "check_outputs: SKIP: python3 is not installed" >&2; exit 77; }

for f in hotspots.svg emerging.svg trends.svg hotspots.html; do
    [ -s "$DIR/$f" ] || fail "$DIR/$f is missing or empty"
done
for f in hotspots.svg emerging.svg trends.svg; do
    xmllint --noout "$DIR/$f" || fail "$DIR/$f is not well-formed XML (xmllint above)"
    head -c 5 "$DIR/$f" | grep -q '^<svg ' || fail "$DIR/$f does not start with <svg"
done
echo "ok - the three SVG files are well-formed"

count() {   # count FILE GROUP-ID: child elements of <g id="GROUP-ID">
    xmllint --xpath "count(//*[local-name()='g'][@id='$2']/*)" "$1"
}
n=$(count "$DIR/hotspots.svg" hotspot-cells)
[ "$n" -gt 0 ] || fail "hotspots.svg: the group id=\"hotspot-cells\" is empty (no cells in demo.map_hotspots?)"
echo "ok - hotspots.svg draws $n cell elements"
n=$(count "$DIR/emerging.svg" emerging-cells)
[ "$n" -gt 0 ] || fail "emerging.svg: the group id=\"emerging-cells\" is empty (no cells in demo.map_emerging?)"
echo "ok - emerging.svg draws $n cell elements"
n=$(xmllint --xpath "count(//*[local-name()='polyline'])" "$DIR/trends.svg")
[ "$n" -gt 0 ] || fail "trends.svg: no series (demo.trend_weekly empty?)"
echo "ok - trends.svg draws $n series"
n=$(xmllint --xpath "count(//*[local-name()='g'][@id='legend']/*)" "$DIR/hotspots.svg")
[ "$n" -ge 7 ] || fail "hotspots.svg: the legend has $n entries, want 7 (3 hot, 3 cold, not significant) and a heading"
n=$(xmllint --xpath "count(//*[local-name()='g'][@id='legend']/*)" "$DIR/emerging.svg")
[ "$n" -ge 18 ] || fail "emerging.svg: the legend has $n entries, want the 17 categories and a heading"
echo "ok - the legends are complete"

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
sed -n '/^<svg /,/^<\/svg>$/p' "$DIR/hotspots.html" > "$TMP/inline.svg"
cmp -s "$TMP/inline.svg" "$DIR/hotspots.svg" || fail "hotspots.html does not hold hotspots.svg inline"
echo "ok - hotspots.html shows the same SVG"

mkdir -p "$DIR/png"
ABS=$(cd "$DIR" && pwd)
for f in hotspots.svg hotspots.html; do
    png="$ABS/png/$f.png"
    rm -f "$png"
    timeout 120 chromium --headless --no-sandbox --disable-gpu --hide-scrollbars \
        --user-data-dir="$TMP/profile" --screenshot="$png" --window-size=1400,900 \
        "file://$ABS/$f" > "$TMP/chromium.log" 2>&1 \
        || { cat "$TMP/chromium.log" >&2; fail "chromium could not render $f"; }
    [ -s "$png" ] || { cat "$TMP/chromium.log" >&2; fail "chromium wrote no screenshot of $f"; }
    python3 - "$png" <<'PY' || fail "the screenshot of $f is blank or unreadable ($png)"
# Decode the PNG (8-bit RGB/RGBA, not interlaced: what Chromium writes) with the standard
# library and require a picture: >= 5 % of the pixels unlike the top-left one, >= 50 colours.
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
pos, idat, hdr = 8, b"", None
while pos < len(data):
    n, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + n]
    if kind == b"IHDR":
        hdr = struct.unpack(">IIBBBBB", body)
    elif kind == b"IDAT":
        idat += body
    pos += 12 + n
w, h, depth, ctype, _, _, interlace = hdr
assert depth == 8 and ctype in (2, 6) and interlace == 0, "unexpected PNG format %r" % (hdr,)
bpp = 3 if ctype == 2 else 4
raw, stride = zlib.decompress(idat), w * bpp
prev, rows, i = bytearray(stride), [], 0
for _ in range(h):
    ft, line = raw[i], bytearray(raw[i + 1:i + 1 + stride])
    i += 1 + stride
    for x in range(stride):
        a = line[x - bpp] if x >= bpp else 0
        b = prev[x]
        c = prev[x - bpp] if x >= bpp else 0
        if ft == 1: line[x] = (line[x] + a) & 255
        elif ft == 2: line[x] = (line[x] + b) & 255
        elif ft == 3: line[x] = (line[x] + (a + b) // 2) & 255
        elif ft == 4:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    rows.append(bytes(line))
    prev = line
bg = rows[0][:3]
px = [r[x:x + 3] for r in rows[::3] for x in range(0, stride, bpp * 3)]
differ = sum(1 for p in px if p != bg) / len(px)
colours = len(set(px))
print("   %s: %dx%d, %.0f %% of the pixels drawn, %d colours" % (sys.argv[1], w, h, 100 * differ, colours))
sys.exit(0 if differ >= 0.05 and colours >= 50 else 1)
PY
done
echo "ok - chromium renders hotspots.svg and hotspots.html (PNG in $DIR/png/)"
echo "check_outputs: all checks passed"

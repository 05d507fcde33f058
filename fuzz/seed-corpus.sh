#!/bin/sh
# Copy the development letters from ../shared into fuzz/corpus/analyze (git-ignored)
# as the seed corpus. Run from anywhere; the letters are never committed.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
letters=${LETTERS:-$here/../../shared/letters}
if [ ! -d "$letters" ]; then
    echo "seed-corpus: $letters not found (set LETTERS=/path/to/shared/letters)" >&2
    exit 1
fi
out=$here/corpus/analyze
mkdir -p "$out"
n=0
for dir in "$letters"/dwc-2016/text/pypdf "$letters"/dwc-2016/text/pdfminer \
           "$letters"/dwc-2016/text/pdftotext "$letters"/dwc-2016/text/pdftotext-layout \
           "$letters"/seeds; do
    tag=$(basename "$dir")
    for f in "$dir"/*.txt; do
        [ -f "$f" ] || continue
        cp "$f" "$out/$tag-$(basename "$f")"
        n=$((n + 1))
    done
done
echo "seed-corpus: $n letters copied into $out"

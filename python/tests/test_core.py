import json
import datetime

import pyarrow as pa

import imr_analyzer as m

LETTER = ("Case Number: CM16-0000001\nApplication Received: 01/04/2016\nDecision Date: 01/20/2016\n"
          "IMR ISSUES, DECISIONS AND RATIONALES\nPhysical therapy of the lumbar spine, 12 visits: Overturned\n"
          "Decision rationale: The request for physical therapy is medically necessary.\n")


def test_bad_input_gives_error_objects_never_raises():
    assert m.analyze("")["error"]["code"] == "empty"
    assert m.analyze("hello world")["error"]["code"] == "not_a_letter"
    assert m.analyze_bytes(b"a\0b", "x.bin")["error"]["code"] == "binary"
    assert m.analyze("\ud800 Case Number: CM16-0000001")["schema"] == "imr-letter/1"
    assert m.analyze_pdf(b"%PDF-1.4 garbage", "x.pdf")["error"]["code"] == "damaged_pdf"


def test_table_types_follow_the_core_kinds():
    a = m.analyze(LETTER)
    letters = m.table([a, m.analyze("")], "letters")
    assert letters.column_names == [c for c, _ in m.columns("letters")]
    assert letters.schema.field("decision_date").type == pa.date32()
    assert letters.schema.field("items").type == pa.int64()
    assert letters.column("decision_date")[0].as_py() == datetime.date(2016, 1, 20)
    assert letters.column("days_to_decision")[0].as_py() == 16
    items = m.table([a], "items")
    assert items.schema.field("medically_necessary").type == pa.bool_()
    assert items.column("medically_necessary")[0].as_py() is True
    df = items.to_pandas()
    assert list(df.columns) == [c for c, _ in m.columns("items")]


def test_dev_letters_equal_the_cli(letters, cli):
    folder = letters / "dwc-2016" / "text" / "pdfminer"
    files = sorted(folder.glob("*.txt"))
    want = [json.loads(l) for l in cli("--format", "jsonl", folder).splitlines()]
    got = [m.analyze_bytes(p.read_bytes(), p.name) for p in files]
    assert got == want
    for name in ("letters", "items", "summary"):
        for fmt in ("tsv", "csv"):
            assert m.render(got, name, fmt).encode() == cli("--format", fmt, "--table", name, folder)
    summary = [json.loads(l) for l in cli("--format", "jsonl", "--table", "summary", folder).splitlines()]
    assert m.table(got, "summary").to_pylist() == summary


def test_pdfs_give_the_cli_analysis_spans_aside(letters, cli):
    folder = letters / "dwc-2016" / "pdf"
    want = {json.loads(l)["source"]: json.loads(l) for l in cli("--format", "jsonl", folder).splitlines()}
    assert len(want) == 62
    for p in sorted(folder.glob("*.pdf")):
        got = m.analyze_pdf(p.read_bytes(), p.name)
        w = dict(want[p.name])
        assert "error" not in got, got
        got.pop("spans"); w.pop("spans")
        assert got == w, p.name


def test_several_letters_in_one_text_give_one_analysis_each_as_the_cli(letters, cli, tmp_path):
    folder = letters / "dwc-2016" / "text" / "pypdf"
    files = sorted(folder.glob("*.txt"))[:3]
    merged = tmp_path / "merged.txt"
    merged.write_text("\n\n".join(p.read_text() for p in files))
    got = m.analyze_letters(merged.read_text(), "merged.txt")
    want = [json.loads(l) for l in cli("--format", "jsonl", merged).splitlines()]
    assert [a["source"] for a in got] == ["merged.txt#1", "merged.txt#2", "merged.txt#3"]
    assert got == want
    alone = [m.analyze(p.read_text()) for p in files]
    strip = lambda a: {k: v for k, v in a.items() if k not in ("source", "spans")}  # noqa: E731
    assert [strip(a) for a in got] == [strip(a) for a in alone]
    # analyze() keeps to one analysis, and says so.
    assert "several_letters" in [w["code"] for w in m.analyze(merged.read_text())["warnings"]]

import os
import sys
import time

import pytest

pyspark = pytest.importorskip("pyspark") if os.environ.get("CI") != "true" else __import__("pyspark")
from pyspark.sql import SparkSession  # noqa: E402

from imr_analyzer.spark import analyze_files  # noqa: E402


@pytest.fixture(scope="module")
def spark():
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    s = (SparkSession.builder.master("local[2]").config("spark.ui.enabled", "false")
         .config("spark.sql.shuffle.partitions", "4").getOrCreate())
    yield s
    s.stop()


def test_spark_summary_equals_the_cli(spark, letters, cli, tmp_path):
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "not-a-letter.txt").write_text("a shopping list: milk, eggs")
    (bad / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    paths = [letters / "dwc-2016" / "pdf", letters / "dwc-2016" / "text" / "pypdf", letters / "seeds", bad]
    t = time.time()
    r = analyze_files(spark, [str(p) for p in paths])
    print(f"\n[spark] {r['letters'].count()} files in {time.time() - t:.1f} s (local[2])")
    for fmt in ("tsv", "csv", "md"):
        assert r.render_summary(fmt).encode() == cli("--format", fmt, "--table", "summary", *paths)
    assert r["letters"].count() == 62 + 62 + 2 + 2
    assert r.errors == 2
    assert r["items"].count() == 155 * 2 + 3
    assert [f.name for f in r["summary"].schema] == ["dimension", "group", "letters", "items", "upheld",
                                                   "overturned", "overturned_share", "ci_low", "ci_high"]
    assert r["summary"].count() == len(r.summary_rows)


def test_a_file_of_several_letters_gives_a_row_each_and_the_cli_summary(spark, letters, cli, tmp_path):
    folder = letters / "dwc-2016" / "text" / "pypdf"
    files = sorted(folder.glob("*.txt"))[:3]
    (tmp_path / "merged.txt").write_text("\n\n".join(p.read_text() for p in files))
    r = analyze_files(spark, [str(tmp_path)])
    sources = sorted(row["source"] for row in r["letters"].select("source").collect())
    assert sources == ["merged.txt#1", "merged.txt#2", "merged.txt#3"]
    assert r.render_summary("tsv").encode() == cli("--format", "tsv", "--table", "summary", tmp_path)


def test_a_file_the_cluster_cannot_read_is_an_error_row_not_a_failed_job(spark, letters, tmp_path):
    from imr_analyzer import spark as sp

    folder = letters / "dwc-2016" / "text" / "pypdf"
    for p in sorted(folder.glob("*.txt"))[:2]:
        (tmp_path / p.name).write_bytes(p.read_bytes())
    gone = sorted(tmp_path.glob("*.txt"))[0]
    # Listed, then gone before the executors read it (as a file without read
    # permission is listed and then refused): the job goes on.
    inputs, listed, roots = sp._list_inputs(spark, [str(tmp_path)])
    gone.unlink()
    r = sp._analyze(spark, inputs, listed, roots)
    rows = {row["source"]: row for row in r["letters"].collect()}
    assert set(rows) == {gone.name, sorted(folder.glob("*.txt"))[1].name}
    assert "could not read it" in rows[gone.name]["warnings"][0]
    assert r.errors == 1 and r.letters_counted == 1

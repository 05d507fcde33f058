"""The core on Spark: letters read with the ``binaryFile`` source, analysed
on the executors (``mapInArrow``), the Summary merged on the cluster from
each letter's compact contribution and finished by the core.

>>> from pyspark.sql import SparkSession          # doctest: +SKIP
>>> spark = SparkSession.builder.getOrCreate()    # doctest: +SKIP
>>> t = analyze_files(spark, ["s3://bucket/imr/2016/"])   # doctest: +SKIP
>>> t["items"].groupBy("category").count().show()         # doctest: +SKIP
>>> print(t.render_summary("md"))                         # doctest: +SKIP
"""

from __future__ import annotations

import json
import posixpath
from collections.abc import Iterable, Iterator
from urllib.parse import unquote, urlparse

import pyarrow as pa

from . import _native
from ._arrow import arrow_table
from .pdf import read_text

__all__ = ["analyze_files", "SparkTables", "spark_schema"]


def _spark_type(kind: str):
    from pyspark.sql import types as T

    return {
        "text": T.StringType(),
        "integer": T.LongType(),
        "number": T.DoubleType(),
        "date": T.DateType(),
        "boolean": T.BooleanType(),
        "list": T.ArrayType(T.StringType()),
    }[kind]


def spark_schema(name: str):
    """The Spark schema of the core's table ``name`` (the Arrow types of
    ``imr_analyzer.schema``)."""
    from pyspark.sql import types as T

    return T.StructType([T.StructField(c, _spark_type(k)) for c, k in _native.columns(name)])


def _result_schema():
    from pyspark.sql import types as T

    return T.StructType(
        [
            T.StructField("path", T.StringType()),
            T.StructField("contribution", T.StringType()),
            T.StructField("letter", spark_schema("letters")),
            T.StructField("items", T.ArrayType(spark_schema("items"))),
        ]
    )


def _plain(path: str) -> str:
    """A path or URI without its scheme: ``file:/a/b`` and ``/a/b`` alike."""
    u = urlparse(path)
    return u.netloc + unquote(u.path) if u.scheme else path


def _source(path: str, roots: list[str]) -> str:
    """The source name the command line gives: the path relative to the
    folder given, or the file's name for a file given."""
    p = _plain(path)
    for root in roots:
        root = root.rstrip("/")
        if p.startswith(root + "/"):
            return p[len(root) + 1 :]
    return posixpath.basename(p) or p


def _is_pdf(path: str, content: bytes) -> bool:
    # As the command line: by the name, or by the first bytes.
    return path.lower().endswith(".pdf") or content[:5] == b"%PDF-"


def _add(batch, path: str, length: int, content, source: str) -> int:
    """Analyze one file into the batch (one outcome per letter it holds);
    returns how many outcomes it gave. Never raises for a bad file."""
    if length == -2:
        batch.add_json(_native.error_json(
            "unreadable", source, "the cluster listed it but could not read it (no permission, or removed while the job ran)"))
    elif length < 0:
        batch.add_json(_native.error_json("unreadable", source, "No such file or directory"))
    elif content is None:
        batch.add_json(_native.error_json("too_large", source, size=length))
    elif _is_pdf(path, content):
        text, error = read_text(content, source)
        if error is not None:
            batch.add_json(json.dumps(error))
        else:
            return batch.add_text(text, source, "pdf")
    else:
        return batch.add_bytes(content, source)
    return 1


def _struct(table: pa.Table) -> pa.StructArray:
    if table.num_rows == 0:
        return pa.array([], type=pa.struct(list(table.schema)))
    arrays = [c.combine_chunks() for c in table.columns]
    return pa.StructArray.from_arrays(arrays, fields=list(table.schema))


def analyze_batches(batches: Iterable[pa.RecordBatch], roots: list[str]) -> Iterator[pa.RecordBatch]:
    """``mapInArrow``'s function: ``path, length, content`` rows in, one row
    per file out with its Letters row, its Items rows and its Summary
    contribution. A file that cannot be analysed is an error row."""
    for rb in batches:
        batch = _native.Batch()
        paths = rb.column("path").to_pylist()
        lengths = rb.column("length").to_pylist()
        contents = rb.column("content").to_pylist()
        # One output row per letter: a file of several letters gives several.
        out_paths = []
        for path, length, content in zip(paths, lengths, contents):
            source = _source(path, roots)
            before = len(batch)
            try:
                _add(batch, path, length, content, source)
            except Exception as e:  # noqa: BLE001 - a bad file is an error row, never a failed job
                # (a batch adds a file's outcomes all at once, after the analysis: nothing half-added)
                batch.add_json(_native.error_json("unreadable", source, f"{type(e).__name__}: {e}"))
            out_paths.extend([path] * (len(batch) - before))
        letters = arrow_table("letters", batch.table_columns("letters"))
        items = arrow_table("items", batch.table_columns("items"))
        offsets = [0]
        for n in batch.item_counts():
            offsets.append(offsets[-1] + n)
        yield pa.RecordBatch.from_arrays(
            [
                pa.array(out_paths, pa.string()),
                pa.array(batch.contributions(), pa.string()),
                _struct(letters),
                pa.ListArray.from_arrays(pa.array(offsets, pa.int32()), _struct(items)),
            ],
            names=["path", "contribution", "letter", "items"],
        )


class SparkTables(dict):
    """``{"letters", "items", "summary"}`` DataFrames, and the Summary's
    rows as the core finished them (``summary_rows``, ``render_summary``)."""

    def __init__(self, tables: dict, summary):
        super().__init__(tables)
        self._summary = summary

    @property
    def summary_rows(self) -> list[list[str]]:
        """The Summary's cells as the core writes them."""
        return self._summary.rows()

    @property
    def letters_counted(self) -> int:
        """Analyses counted in the Summary."""
        return self._summary.letters

    @property
    def errors(self) -> int:
        """Files that gave an error object (in the Letters table only)."""
        return self._summary.errors

    def render_summary(self, format: str = "tsv") -> str:
        """The Summary as ``imr-analyzer --format FORMAT --table summary``
        writes it for the same files, byte for byte."""
        return self._summary.render(format)


def _missing(spark, roots: list[str]) -> list[str]:
    """The given paths that do not exist (Hadoop's file system, so any
    scheme the cluster reads); none when that cannot be asked (Spark Connect)."""
    try:
        jvm = spark.sparkContext._jvm
        conf = spark.sparkContext._jsc.hadoopConfiguration()
    except Exception:  # noqa: BLE001
        return []
    out = []
    for r in roots:
        p = jvm.org.apache.hadoop.fs.Path(r)
        if not p.getFileSystem(conf).exists(p):
            out.append(r)
    return out


def analyze_files(spark, paths, *, persist: bool = True) -> SparkTables:
    """Analyze the ``.txt`` and ``.pdf`` files under ``paths`` (files or
    folders, read recursively; any file system Spark reads) on the cluster.

    Returns :class:`SparkTables`: ``"letters"`` (one row per letter, error
    objects included), ``"items"`` (one row per disputed item) and
    ``"summary"`` DataFrames, the core's columns in the core's order. The
    Summary is each letter's contribution merged on the cluster and finished
    by the core: ``render_summary()`` equals the command line's
    ``--table summary`` for the same files. A file that is not a letter,
    larger than ``imr_analyzer.MAX_INPUT_BYTES``, a damaged PDF, a path
    that does not exist or a file the cluster cannot read (no permission,
    removed while the job runs) is an error row, never a failed job.
    """
    return _analyze(spark, *_list_inputs(spark, paths), persist=persist)


def _list_inputs(spark, paths):
    """The files to analyse, listed (not read yet): ``(inputs, listed, roots)``,
    ``inputs`` the ``path, length, content`` rows the executors read, ``listed``
    the ``path`` of every file listed and read (to find those the reader
    skipped), ``roots`` the paths given, for sources."""
    from pyspark.sql import functions as F

    if isinstance(paths, str):
        paths = [paths]
    paths = [str(p) for p in paths]
    roots = [_plain(p) if urlparse(p).scheme else posixpath.abspath(p) for p in paths]
    missing = set(_missing(spark, paths))
    present = [p for p in paths if p not in missing]
    limit = _native.max_input_bytes()
    parts = []
    listed = None
    if present:
        files = (
            spark.read.format("binaryFile")
            .option("recursiveFileLookup", "true")
            # A file that cannot be read is skipped by the reader, not a
            # failed job; `listed` finds it again for its error row.
            .option("ignoreCorruptFiles", "true")
            .option("ignoreMissingFiles", "true")
            .load(present)
            .filter(F.lower(F.col("path")).rlike(r"\.(txt|pdf)$"))
        )
        # `length` filters are pushed into the reader: a file over the limit
        # is never read, only named.
        parts.append(files.filter(F.col("length") <= limit).select("path", "length", "content"))
        parts.append(
            files.filter(F.col("length") > limit).select(
                "path", "length", F.lit(None).cast("binary").alias("content")
            )
        )
        listed = files.filter(F.col("length") <= limit).select("path").localCheckpoint(eager=True)
    if missing:
        parts.append(
            spark.createDataFrame(
                [(p, -1, None) for p in sorted(missing)], "path string, length bigint, content binary"
            )
        )
    if not parts:
        parts.append(spark.createDataFrame([], "path string, length bigint, content binary"))
    inputs = parts[0]
    for p in parts[1:]:
        inputs = inputs.unionByName(p)
    return inputs, listed, roots


def _analyze(spark, inputs, listed, roots, *, persist: bool = True) -> SparkTables:
    from pyspark.sql import functions as F

    results = inputs.mapInArrow(lambda it: analyze_batches(it, roots), _result_schema())
    if persist:
        results = results.persist()
    if listed is not None:
        # Listed but never read (the reader skipped it): an error row each.
        unread = listed.join(results.select("path").distinct(), "path", "left_anti").select(
            "path", F.lit(-2).cast("bigint").alias("length"), F.lit(None).cast("binary").alias("content")
        )
        results = results.unionByName(unread.mapInArrow(lambda it: analyze_batches(it, roots), _result_schema()))
        if persist:
            results = results.persist()

    # Contributions concatenate in any order: merged on the cluster into one
    # string, then counted and finished by the core on the driver.
    merged = results.agg(F.concat_ws("", F.collect_list("contribution"))).first()[0] or ""
    summary = _native.Summary()
    summary.add_contributions(merged)
    summary_table = arrow_table("summary", summary.table_columns())
    summary_df = spark.createDataFrame(summary_table.to_pylist(), spark_schema("summary"))

    return SparkTables(
        {
            "letters": results.select("letter.*"),
            "items": results.select(F.explode("items").alias("item")).select("item.*"),
            "summary": summary_df,
        },
        summary,
    )

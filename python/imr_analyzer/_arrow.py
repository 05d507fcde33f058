"""The core's table cells as Arrow columns: the one place that says which
Arrow type each of the core's column kinds is. Column names, their order and
their kinds come from the core (``_native.columns``)."""

from __future__ import annotations

import pyarrow as pa

from . import _native

#: The Arrow type of each of the core's column kinds (src/export.rs ``Kind``).
KIND_TYPES = {
    "text": pa.string(),
    "integer": pa.int64(),
    "number": pa.float64(),
    "date": pa.date32(),
    "boolean": pa.bool_(),
    "list": pa.list_(pa.string()),
}


def schema(name: str) -> pa.Schema:
    """The Arrow schema of the core's table ``name``: its columns in order."""
    return pa.schema([pa.field(col, KIND_TYPES[kind]) for col, kind in _native.columns(name)])


def column_array(kind: str, cells: list) -> pa.Array:
    """One column of core cells (str or None; lists of str) as its Arrow type."""
    if kind == "list":
        return pa.array(cells, type=KIND_TYPES["list"])
    # The core writes ISO dates, decimal integers, "true"/"false" and
    # decimal numbers: Arrow's casts from string read exactly those.
    return pa.array(cells, type=pa.string()).cast(KIND_TYPES[kind])


def arrow_table(name: str, columns: list) -> pa.Table:
    """A table from the core's cells, column by column (``*.table_columns``)."""
    sch = schema(name)
    kinds = [kind for _, kind in _native.columns(name)]
    arrays = [column_array(kind, cells) for kind, cells in zip(kinds, columns)]
    return pa.Table.from_arrays(arrays, schema=sch)

"""Write models (or pycpg 1.0 dicts) to JSON Lines, JSON and CSV files, or to data frames.

::

    from pycpg.export import write_csv, write_jsonl
    from pycpg.models import Device

    devices = sdk.devices.iter_all(include_backup_usage=True)   # Iterator[Device]
    write_jsonl(devices, "devices.jsonl")
    write_csv(sdk.devices.iter_all(), "devices.csv")
    for page in sdk.devices.get_all():                           # pycpg 1.0 style dicts
        write_jsonl(page["computers"], sys.stdout, model=Device)

Every writer takes any iterable of items, reads it once, one item at a time (memory
does not grow with the number of rows), and returns the number of rows written. An
item is a pydantic model (:class:`pycpg.models.PycpgModel`) or a mapping with the
API's wire (camelCase) keys; with ``model=Device``, mappings are validated into that
model first, so a dict and the model parsed from it give the same output.

**JSON Lines** (:func:`write_jsonl`) and **JSON** (:func:`write_json`, one array,
streamed): one object per item (:func:`json_record`, :func:`jsonl_line`): wire names,
every declared field in the model's order (``null`` when absent), then the extra keys
the model kept; nested models and lists stay nested; compact, UTF-8, non-ASCII
written as is.

**CSV** (:func:`write_csv`): the model's declared fields in order
(:func:`columns_of`), nested models flattened to ``parent.child`` columns, lists and
free-form objects as one cell of compact JSON, and a final ``extra`` column holding,
as compact JSON, whatever no other column holds (so nothing is dropped silently).
None is an empty cell, booleans are ``true``/``false``.

**Timestamps**, everywhere: UTC, RFC 3339 with microseconds and ``Z``,
``2026-01-01T00:00:00.000000Z`` (:func:`format_timestamp`); naive values are UTC.
Data frames (:func:`to_pandas`, :func:`to_polars`; extras ``pycpg[pandas]`` and
``pycpg[polars]``) hold them as timezone-aware UTC datetimes.

**Secrets** (``SecretStr`` fields, and values under keys that name a secret, such as
``password`` or ``dataKeyToken``) are written as ``"***"``, the key kept.

**Destinations**: a path is written atomically (a temporary file in the same folder,
synced, then renamed over the target; on any error, the caller's iterator's included,
it is removed and an existing target is left untouched); an open text stream
(``sys.stdout``) is written as is, flushed and never closed.

**Incremental exports** of the audit log and of legal-hold events (each run appends
only what earlier runs did not deliver, from a checkpoint) are in
:mod:`pycpg.export.incremental`, their checkpoint stores in :mod:`pycpg.export.checkpoint`.

docs/export.md in the repository describes every rule.
"""

from __future__ import annotations

from pycpg.export._columns import EXTRA_COLUMN, columns_of
from pycpg.export._files import Destination, TextSink
from pycpg.export._frames import to_pandas, to_polars
from pycpg.export._records import ItemLike, format_timestamp, json_record, jsonl_line
from pycpg.export._writers import write_csv, write_json, write_jsonl

__all__ = [
    "EXTRA_COLUMN",
    "Destination",
    "ItemLike",
    "TextSink",
    "columns_of",
    "format_timestamp",
    "json_record",
    "jsonl_line",
    "to_pandas",
    "to_polars",
    "write_csv",
    "write_json",
    "write_jsonl",
]

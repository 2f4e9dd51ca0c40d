"""The columns every export format writes, in order, with what each means: the schema's
:data:`~newscrawler.schema.Place.EXPORT` fields (:mod:`newscrawler.schema`)."""

from __future__ import annotations

from newscrawler.schema import Field, Place, fields_at

#: Export column -> its schema field. The order is the column order of CSV and Parquet and the
#: key order of each JSON Lines object.
FIELDS: dict[str, Field] = {f.name: f for f in fields_at(Place.EXPORT)}

#: Export column -> meaning.
COLUMNS: dict[str, str] = {name: f.doc for name, f in FIELDS.items()}

#: Columns holding lists (JSON arrays in JSON Lines, lists in Parquet, flattened in CSV).
LIST_COLUMNS = tuple(name for name, f in FIELDS.items() if f.kind.is_list)

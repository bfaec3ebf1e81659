"""Descriptions generated from the models, never written by hand: column kinds, Table
Schema, the Data Package, the JSON Schema of ``plans.json``, and the Arrow schema shared by
Parquet and :func:`planparse.to_frames`."""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Any

from normalise.models import CONTRACT_VERSION, Record

from .contract import TABLES


@dataclass(frozen=True, slots=True)
class Column:
    """One flat column: its name, kind and description.

    ``kind`` is one of string, integer, boolean, date, enum, object (a JSON object in
    CSV) or list (items joined with "; " in CSV)."""

    name: str
    kind: str
    required: bool
    description: str
    enum: tuple[str, ...] = ()


def _unwrap(annotation: Any) -> tuple[Any, bool]:
    """(inner type, required) for ``X | None``."""
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return args[0], False
    return annotation, True


def columns_of(model: type[Record]) -> list[Column]:
    """The model's flat columns with their kinds, in contract order."""
    out = []
    for name in model.columns():
        info = model.model_fields[name]
        inner, required = _unwrap(info.annotation)
        origin = typing.get_origin(inner)
        enum: tuple[str, ...] = ()
        if inner is bool:
            kind = "boolean"
        elif inner is int:
            kind = "integer"
        elif inner is date:
            kind = "date"
        elif isinstance(inner, type) and issubclass(inner, Enum):
            kind, enum = "enum", tuple(str(m.value) for m in inner)
        elif origin is dict:
            kind = "object"
        elif origin is list:
            kind = "list"
        else:
            kind = "string"
        # A string with a default ("" for empty cells) is never missing; keys always present.
        required = required and (info.is_required() or kind in ("string", "integer", "list"))
        out.append(Column(name, kind, required, info.description or "", enum))
    return out


_TS_TYPE = {"string": "string", "integer": "integer", "boolean": "boolean", "date": "date",
            "enum": "string", "object": "object", "list": "string"}


def table_schema(name: str) -> dict[str, Any]:
    """Frictionless Table Schema of one table."""
    model = TABLES[name]
    fields = []
    for col in columns_of(model):
        field: dict[str, Any] = {"name": col.name, "type": _TS_TYPE[col.kind]}
        if col.description:
            field["description"] = col.description
        constraints: dict[str, Any] = {}
        if col.enum:
            constraints["enum"] = list(col.enum)
        if col.name in model.PRIMARY_KEY:
            constraints["required"] = True
        if constraints:
            field["constraints"] = constraints
        fields.append(field)
    schema: dict[str, Any] = {"fields": fields, "missingValues": [""]}
    if model.PRIMARY_KEY:
        schema["primaryKey"] = list(model.PRIMARY_KEY)
    if model.FOREIGN_KEYS:
        schema["foreignKeys"] = [
            {"fields": list(cols), "reference": {"resource": table, "fields": list(ref)}}
            for cols, table, ref in model.FOREIGN_KEYS]
    return schema


def data_package() -> dict[str, Any]:
    """The ``datapackage.json`` that describes the CSV files."""
    return {
        "profile": "tabular-data-package",
        "name": "planparse-output",
        "title": "Action plans extracted by planparse",
        "version": CONTRACT_VERSION,
        "resources": [
            {"name": name, "path": f"{name}.csv", "profile": "tabular-data-resource",
             "format": "csv", "mediatype": "text/csv", "encoding": "utf-8-sig",
             "dialect": {"delimiter": ",", "doubleQuote": True, "lineTerminator": "\r\n"},
             "schema": table_schema(name)}
            for name in TABLES],
    }


def json_schema() -> dict[str, Any]:
    """JSON Schema of ``plans.json``."""
    from .json import PlansDocument

    schema = PlansDocument.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = f"planparse plans.json (contract {CONTRACT_VERSION})"
    return schema


def arrow_schema(name: str) -> Any:
    """The pyarrow schema of one table: dates as date32, counts as int64, ids and text as
    string, enums (status, RAG, precisions, severity) dictionary-encoded strings, so that
    readers get a categorical column, nullable."""
    import pyarrow as pa

    kinds = {"string": pa.string(), "integer": pa.int64(), "boolean": pa.bool_(),
             "date": pa.date32(), "enum": pa.dictionary(pa.int8(), pa.string()),
             "object": pa.string(), "list": pa.string()}
    return pa.schema([pa.field(c.name, kinds[c.kind], nullable=not c.required)
                      for c in columns_of(TABLES[name])])

"""Print the JSON Schema of a pycpg model.

Usage::

    python -m pycpg.models --list                  # the model names, one a line
    python -m pycpg.models --schema Device         # Device's JSON Schema, indented

An unknown name exits with status 2 and a message on stderr.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from pycpg.models._schema import json_schema_text, schema_names


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m pycpg.models",
        description="Print the JSON Schema of a pycpg model (pydantic's, with the wire names).",
    )
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--schema", metavar="NAME", help="print the JSON Schema of this model")
    action.add_argument("--list", action="store_true", help="print the model names, one a line")
    args = parser.parse_args(argv)
    if args.list:
        sys.stdout.write("".join(f"{name}\n" for name in schema_names()))
        return 0
    try:
        text = json_schema_text(args.schema)
    except ValueError as error:
        parser.exit(2, f"{parser.prog}: error: {error}; try --list\n")
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())

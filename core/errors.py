"""The one family of exceptions that bad input raises.

Front ends print `str(error)` as a single line and exit 2, so every message names where the
problem is (file, line, table/row, field), what was expected and what was found.
"""

from __future__ import annotations


class InputError(Exception):
    """Bad user input: a catalog, a scenario, a --set value, a model id or a table name."""


class CatalogError(InputError):
    """A catalog or overlay file that cannot be used."""


class AssumptionError(InputError):
    """An assumption value, scenario file or preset that cannot be used."""

"""Error tables (doc pages, CSV lists) -> rows with positions -> one merged catalog.

The public face: what other subsystems and the command line use (tests/unit/test_layers.py
checks that they import nothing else from here).
"""

from .catalog import ErrorCatalog, build_catalog
from .descriptions import DescriptionCatalog, build_descriptions
from .read import DocPage, ErrorSource, parse_error_source, read_error_source

__all__ = [
    "DescriptionCatalog",
    "DocPage",
    "ErrorCatalog",
    "ErrorSource",
    "build_catalog",
    "build_descriptions",
    "parse_error_source",
    "read_error_source",
]

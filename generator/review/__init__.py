"""Two schemas -> findings (wire and Python verdicts) -> text, markdown, json or GitHub output.

The public face: what the command line uses (tests/unit/test_layers.py checks that it imports
nothing else from here).
"""

from .allowlist import AllowEntry, AllowListError, gate_fails, parse_allowlist, stale_entries
from .diff import diff_schemas
from .findings import SEVERITIES, DiffResult, Finding, SchemaSource
from .report import RENDERERS, render_github, render_markdown
from .sources import in_revision, read_revision, repository_path
from .summary import append_step_summary

__all__ = [
    "SEVERITIES",
    "RENDERERS",
    "AllowEntry",
    "AllowListError",
    "DiffResult",
    "Finding",
    "SchemaSource",
    "append_step_summary",
    "diff_schemas",
    "gate_fails",
    "in_revision",
    "parse_allowlist",
    "read_revision",
    "render_github",
    "render_markdown",
    "repository_path",
    "stale_entries",
]

"""The GitHub job summary: the markdown report appended to the file `$GITHUB_STEP_SUMMARY`
names, within the size GitHub accepts for one step.

GitHub documents that "each step is restricted to a maximum size of 1MiB" and that a step adding
more gets no summary at all, only an error annotation (github/docs,
content/actions/reference/workflows-and-actions/workflow-commands.md, "Step isolation and
limits"; the runner's refusal reads "supports content up to a size of 1024k"). The limit counts
what the whole step appended, so the report takes what earlier commands of the step left.
"""

from __future__ import annotations

from pathlib import Path

from .findings import DiffResult
from .report import Accepted, render_markdown

STEP_SUMMARY_LIMIT = 1024 * 1024


def append_step_summary(
    path: Path, result: DiffResult, accepted: Accepted, full_report: str | None
) -> bool:
    """Append the markdown report to the step summary at `path`, cut to the room left in it;
    False (nothing written) when not even the report's header fits. Raises OSError."""
    used = path.stat().st_size if path.exists() else 0
    room = STEP_SUMMARY_LIMIT - used
    cut_to = f"the job summary ({STEP_SUMMARY_LIMIT:,} bytes per step)"
    text = render_markdown(result, accepted, limit=room, full_report=full_report, cut_to=cut_to)
    data = text.encode("utf-8")
    if len(data) > room:
        return False
    with path.open("ab") as stream:
        stream.write(data)
    return True

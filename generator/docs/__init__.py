"""The HTML reference: `tlgen docs`.

The public face: what the command line uses (tests/unit/test_layers.py checks that it imports
nothing else from here).
"""

from .model import Reference, build_reference
from .render import MARKER, MARKER_TEXT, render_reference

__all__ = ["MARKER", "MARKER_TEXT", "Reference", "build_reference", "render_reference"]

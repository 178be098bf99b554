"""Which `int` fields are dates, for packages generated with `--dates datetime`.

Telegram sends dates as `int` Unix times. The rule goes by the field's name, checked against
every schema of the corpus (tests/unit/test_dates.py): a field of TL type `int` is a date when
its name is `date`, `expires`, `expires_at` or `until`, starts with `date_` (date_created), or
ends with `_date` (until_date), `_until` (mute_until), `_since` (valid_since) or `_at`
(can_transfer_at). Fields the rule gets wrong by name alone are listed: `ALSO_DATES` are
timestamps whose names do not say so; no field of layer 222 or mtproto.tl matches the rule
without being a timestamp. Durations keep `int` (ttl_period, cache_time, timeout, expires_in,
self_expires, video_timestamp). Telethon 1.42 takes the same fields for dates but for the
`_at` ones, mtime and server_time (tests/corpus/test_dates.py).
"""

from __future__ import annotations

_NAMES = frozenset({"date", "expires", "expires_at", "until"})
_PREFIXES = ("date_",)
_SUFFIXES = ("_date", "_until", "_since", "_at")
# Timestamps named otherwise: userStatusOffline was_online, upload.file and upload.webFile
# mtime, server_DH_inner_data server_time.
ALSO_DATES = frozenset({"was_online", "mtime", "server_time"})


def is_date(name: str) -> bool:
    """Whether an `int` field of this TL name holds a Unix time."""
    return (
        name in _NAMES
        or name in ALSO_DATES
        or name.startswith(_PREFIXES)
        or name.endswith(_SUFFIXES)
    )

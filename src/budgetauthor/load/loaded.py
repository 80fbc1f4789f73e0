"""What the load stage produces: plain data and the location of every value in the user's file."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..findings import Finding, Location


@dataclass
class LoadedInput:
    data: dict
    source: Path
    kind: str  # "yaml" or "xlsx"
    locations: dict[tuple, Location] = field(default_factory=dict)
    # What the loader found wrong with single values (a formula Excel never calculated, a value
    # outside a drop-down list): reported with validate's findings, not as an unreadable file.
    findings: list[Finding] = field(default_factory=list)

    def locate(self, path: tuple) -> Location | None:
        """The location of `path`, or of its nearest ancestor that has one."""
        path = tuple(path)
        while True:
            loc = self.locations.get(path)
            if loc is not None or not path:
                return loc or Location(file=str(self.source))
            path = path[:-1]

"""The seven regions of SPEC §2 and what defines one.

A region is an IANA time zone plus an exchange calendar. Hours come from the
calendar (early closes included) unless the region only borrows the
calendar's trading days and keeps its own clock times, as Pre_USA does with
the 08:30 New York data-release open. The configured local times are also
what the fallback uses past the calendar library's data.
"""
from dataclasses import dataclass
from datetime import time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


@dataclass(frozen=True)
class RegionSpec:
    key: str
    display_name: str
    tz: str
    calendar_code: str
    open_local: time
    close_local: time
    hours_from_calendar: bool = True

    def __post_init__(self):
        if not self.key:
            raise ValueError("a region needs a key")
        try:
            ZoneInfo(self.tz)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"{self.key}: {self.tz!r} is not an IANA time zone") from None
        if not self.open_local < self.close_local:
            raise ValueError(
                f"{self.key}: open {self.open_local} must be before close {self.close_local}"
            )

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.tz)


SPEC_REGIONS: tuple[RegionSpec, ...] = (
    RegionSpec("Japan", "Tokyo", "Asia/Tokyo", "XTKS", time(9, 0), time(15, 30)),
    RegionSpec("China", "Shanghai", "Asia/Shanghai", "XSHG", time(9, 30), time(15, 0)),
    RegionSpec("India", "Bombay", "Asia/Kolkata", "XBOM", time(9, 15), time(15, 30)),
    RegionSpec("EuroNext", "Amsterdam", "Europe/Amsterdam", "XAMS", time(9, 0), time(17, 30)),
    RegionSpec("London", "London", "Europe/London", "XLON", time(8, 0), time(16, 30)),
    # US data-release time: NYSE trading days, closing at the regular open.
    RegionSpec("Pre_USA", "Pre-USA", "America/New_York", "XNYS", time(8, 30), time(9, 30),
               hours_from_calendar=False),
    RegionSpec("USA", "USA", "America/New_York", "XNYS", time(9, 30), time(16, 0)),
)

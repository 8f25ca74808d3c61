"""The whole validated model of one site folder: config + registry + content."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .config import SiteConfig, load_config
from .content import Functions, load_functions, load_readings
from .kana import Reader
from .registry import Provider, load_providers
from .source import Diagnostic, Report


@dataclass(frozen=True)
class Site:
    root: Path
    config: SiteConfig
    providers: tuple[Provider, ...]  # in 五十音順
    functions: Functions
    reader: Reader
    warnings: tuple[Diagnostic, ...]

    def providers_with(self, *, function: str | None = None, area: str | None = None,
                       service: str | None = None, target: str | None = None, role: str | None = None
                       ) -> tuple[Provider, ...]:
        return tuple(p for p in self.providers
                     if (function is None or function in p.functions)
                     and (area is None or p.area == area)
                     and (service is None or service in p.services)
                     and (target is None or target in p.targets)
                     and (role is None or p.role == role))


def load_site(site_dir: Path) -> Site:
    """Load and validate everything; raises DataError with every error found."""
    site_dir = Path(site_dir)
    report = Report()
    readings = load_readings(site_dir, report)
    reader = Reader(readings)
    config = load_config(site_dir, report)
    providers = load_providers(site_dir, config, reader, report)
    functions = load_functions(site_dir, report)
    report.raise_if_errors()
    assert config is not None
    return Site(site_dir, config, providers, functions, reader, tuple(report.warnings))

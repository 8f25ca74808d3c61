"""kyoten: builds a city's 地域生活支援拠点等 site from YAML (see DESIGN.md)."""

__version__ = "0.1.0"

"""Files derived from the model alone: the open data (CSV, JSON, GeoJSON) and the sitemap."""

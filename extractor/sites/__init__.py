"""Selector files: loading, validation and URL matching."""

from extractor.sites.loader import LoadedSite, load_site, parse_site
from extractor.sites.matching import find_site, load_sites, resolve_site
from extractor.sites.resolver import SiteResolver
from extractor.sites.schema import FieldSpec, RenderSpec, Site

__all__ = [
    "FieldSpec",
    "LoadedSite",
    "RenderSpec",
    "Site",
    "SiteResolver",
    "find_site",
    "load_site",
    "load_sites",
    "parse_site",
    "resolve_site",
]

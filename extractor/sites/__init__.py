"""Selector files: loading, validation and URL matching."""

from extractor.sites.loader import LoadedSite, load_site, parse_site
from extractor.sites.matching import find_site, load_sites, resolve_site
from extractor.sites.overrides import RenderOverrides
from extractor.sites.resolver import SiteResolver
from extractor.sites.schema import CookieSpec, FieldSpec, RenderSpec, Site, ViewportSpec

__all__ = [
    "CookieSpec",
    "FieldSpec",
    "LoadedSite",
    "RenderOverrides",
    "RenderSpec",
    "Site",
    "SiteResolver",
    "ViewportSpec",
    "find_site",
    "load_site",
    "load_sites",
    "parse_site",
    "resolve_site",
]

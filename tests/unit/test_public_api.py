"""The public API is small and pinned: changing it is a decision, not an accident."""

import extractor


def test_public_names() -> None:
    assert sorted(extractor.__all__) == sorted(
        [
            "Browser", "BrowserError", "ExtractorError", "FieldSpec", "FieldValueError", "Issue", "LoadedSite",
            "MediaItem", "NoMatchingSiteError", "PageLoadError", "RenderSpec", "Result", "SelectorFileError",
            "Settings", "Site", "Snapshot", "UsageError", "__version__", "extract", "extract_page", "extract_url",
            "load_site", "load_sites", "parse_site", "render", "resolve_site",
        ]
    )  # fmt: skip
    for name in extractor.__all__:
        assert hasattr(extractor, name), name


def test_errors_share_one_root() -> None:
    for error in (extractor.SelectorFileError, extractor.PageLoadError, extractor.UsageError, extractor.BrowserError):
        assert issubclass(error, extractor.ExtractorError)

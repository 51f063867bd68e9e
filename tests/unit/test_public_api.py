"""The public API is small and pinned: changing it is a decision, not an accident."""

import importlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

import extractor
from extractor.cli.app import exit_status
from extractor.models import PAGE_ERRORS


def test_public_names() -> None:
    assert sorted(extractor.__all__) == sorted(
        [
            "Browser", "BrowserError", "DNSError", "ExtractorError", "FieldSpec", "FieldValueError",
            "HTTPStatusError", "Issue", "IssueKind", "LoadedSite", "MediaItem", "NoMatchingSiteError",
            "NotAPageError", "PageCrashError", "PageLoadError", "PageTimeoutError", "ProxyError", "RecordingError",
            "RefusedError", "RenderOverrides", "RenderSpec", "Result", "SelectorFileError", "Settings", "Site", "Snapshot",
            "UsageError", "__version__", "extract", "extract_page", "extract_url", "load_site", "load_sites",
            "parse_site", "render", "resolve_site",
        ]
    )  # fmt: skip
    for name in extractor.__all__:
        assert hasattr(extractor, name), name


def test_errors_share_one_root() -> None:
    for error in (
        extractor.SelectorFileError, extractor.PageLoadError, extractor.UsageError, extractor.BrowserError,
        extractor.RecordingError, extractor.FieldValueError,
    ):  # fmt: skip
        assert issubclass(error, extractor.ExtractorError)


def test_each_page_error_kind_has_its_own_class_and_the_json_keeps_the_kinds_words() -> None:
    causes = {child.kind: child for child in extractor.PageLoadError.__subclasses__()}
    assert set(causes) | {extractor.IssueKind.LOAD} == PAGE_ERRORS
    error = extractor.PageLoadError.of_kind(extractor.IssueKind.DNS, "https://x.invalid/", "DNS lookup failed")
    assert isinstance(error, extractor.DNSError) and error.message == "https://x.invalid/: DNS lookup failed"
    assert type(extractor.PageLoadError.of_kind(extractor.IssueKind.LOAD, "u", "r")) is extractor.PageLoadError
    result = extractor.Result.failure("u", None, error.kind, error.message)
    assert json.loads(json.dumps(result.to_dict()))["errors"] == [{"kind": "dns", "message": error.message}]
    assert extractor.IssueKind("timeout") is extractor.IssueKind.TIMEOUT


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (extractor.HTTPStatusError("u", "HTTP 404", 404), 3),
        (extractor.PageLoadError("u", "no secure connection"), 3),
        (extractor.SelectorFileError("site.yaml", "bad", line=3), 2),
        (extractor.RecordingError("rec: missing"), 2),
        (extractor.UsageError("no such file"), 2),
    ],
)
def test_the_cli_maps_errors_to_exit_statuses(error: extractor.ExtractorError, status: int) -> None:
    assert exit_status(error) == status
    assert not hasattr(error, "exit_code")  # the library's errors carry no CLI concern


SUBPACKAGES = {
    "extractor.batch": [
        "BatchOptions", "BatchSummary", "JsonlWriter", "finished_urls", "pending_urls", "run_batch", "run_to_jsonl",
    ],
    "extractor.browser": ["Browser", "render"],
    "extractor.extract": ["Explanation", "FieldTrace", "explain", "extract", "parse_document", "remove_nodes"],
    "extractor.recording": [
        "Outcome", "Recording", "RecordingError", "Verdict", "check_recordings", "find_recordings", "folder_name",
        "open_recording", "open_source", "record", "replay_dom", "replay_offline", "replay_render",
    ],
    "extractor.reference": [
        "Readability", "ReadabilityArticle", "ReadabilityMiss", "ReadabilitySettings", "ReferenceUnavailable",
        "shared_readability",
    ],
    "extractor.sites": [
        "CookieSpec", "FieldSpec", "LoadedSite", "RenderOverrides", "RenderSpec", "Site", "SiteResolver",
        "ViewportSpec", "find_site", "load_site", "load_sites", "parse_site", "resolve_site",
    ],
    "extractor.suggest": ["Detection", "Draft", "build_draft", "detect", "extract_generic"],
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(SUBPACKAGES))
def test_each_library_subpackage_pins_its_names(name: str) -> None:
    """(``extractor.cli`` and ``extractor.demo`` are the command and its demo, not library API.)"""
    module = importlib.import_module(name)
    assert sorted(module.__all__) == sorted(SUBPACKAGES[name])
    for exported in module.__all__:
        assert hasattr(module, exported), f"{name}.{exported}"


def test_the_package_says_it_is_typed() -> None:
    assert (Path(extractor.__file__).parent / "py.typed").is_file()


def test_importing_the_package_loads_no_authoring_code() -> None:
    code = "import sys, extractor; print(any(m.startswith('extractor.suggest') for m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"

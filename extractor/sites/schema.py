"""The selector-file format as typed models; validation errors carry the offending key's path.

Every expression (CSS, XPath, regex) is compiled here, so a bad one is reported with its
file and line at load time instead of failing on the first page.
"""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from extractor.sites.checks import (
    check_css,
    check_jsonld_path,
    check_proxy,
    check_rule,
    check_state_path,
    check_xpath,
    time_zones,
)

FieldType = Literal["text", "html", "int", "float", "url", "datetime"]
ResourceType = Literal[
    "document", "stylesheet", "image", "media", "font", "script", "texttrack",
    "xhr", "fetch", "eventsource", "websocket", "manifest", "other",
]  # fmt: skip


def _as_list(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FieldSpec(_Strict):
    """How one field is read from the page."""

    jsonld: str | None = None
    state: str | None = None  # a dotted path into the JSON state the page embeds (``__NEXT_DATA__.props...``)
    css: list[str] | None = None
    xpath: list[str] | None = None
    attr: str | None = None
    multiple: bool = False
    join: str | None = None
    fields: dict[str, FieldSpec] | None = None
    regex: str | None = None
    type: FieldType = "text"
    required: bool = False
    default: Any = None
    frame: str | None = None  # CSS for a same-origin iframe: the field is read in that frame's document

    @field_validator("css", "xpath", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        return _as_list(value)

    @field_validator("css")
    @classmethod
    def _valid_css(cls, value: list[str] | None) -> list[str] | None:
        if value is not None:
            if not value:
                raise ValueError("needs at least one selector")
            for expression in value:
                check_css(expression)
        return value

    @field_validator("xpath")
    @classmethod
    def _valid_xpath(cls, value: list[str] | None) -> list[str] | None:
        if value is not None:
            if not value:
                raise ValueError("needs at least one expression")
            for expression in value:
                check_xpath(expression)
        return value

    @field_validator("regex")
    @classmethod
    def _valid_regex(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                re.compile(value)
            except re.error as error:
                raise ValueError(f"invalid regex {value!r}: {error}") from None
        return value

    @field_validator("frame")
    @classmethod
    def _valid_frame(cls, value: str | None) -> str | None:
        return None if value is None else check_css(value)

    @field_validator("jsonld")
    @classmethod
    def _valid_jsonld(cls, value: str | None) -> str | None:
        if value is not None:
            check_jsonld_path(value)
        return value

    @field_validator("state")
    @classmethod
    def _valid_state(cls, value: str | None) -> str | None:
        return None if value is None else check_state_path(value)

    @field_validator("fields")
    @classmethod
    def _non_empty_fields(cls, value: dict[str, FieldSpec] | None) -> dict[str, FieldSpec] | None:
        if value is not None and not value:
            raise ValueError("nested 'fields' needs at least one field")
        return value

    @model_validator(mode="after")
    def _coherent(self) -> FieldSpec:
        if self.css is None and self.xpath is None and self.jsonld is None and self.state is None:
            raise ValueError("a field needs 'css', 'xpath', 'jsonld' or 'state'")
        if self.css is not None and self.xpath is not None:
            raise ValueError("use 'css' or 'xpath', not both")
        if self.fields is not None:
            for key in ("attr", "regex", "jsonld", "state", "join"):
                if getattr(self, key) is not None:
                    raise ValueError(f"'{key}' cannot be combined with nested 'fields'")
            if self.type != "text":
                raise ValueError("'type' cannot be combined with nested 'fields'")
        if self.css is None and self.xpath is None and self.attr is not None:
            raise ValueError(
                "'attr' reads an attribute of the nodes 'css' or 'xpath' match; 'jsonld' and 'state' have none"
            )
        if self.join is not None:
            if self.multiple:
                raise ValueError("'join' makes one string of all values: it cannot be combined with 'multiple'")
            if self.type not in ("text", "html", "url"):
                raise ValueError(f"'join' makes one string: it cannot be combined with type {self.type!r}")
        if self.default is not None:
            _check_default(self)
        return self

    @property
    def selectors(self) -> list[tuple[str, str]]:
        """The alternatives in order, as (``jsonld`` | ``state`` | ``css`` | ``xpath``, expression): JSON-LD
        first, then the embedded state, then the DOM."""
        first = [("jsonld", self.jsonld)] if self.jsonld is not None else []
        first += [("state", self.state)] if self.state is not None else []
        if self.css is not None:
            return first + [("css", expression) for expression in self.css]
        return first + [("xpath", expression) for expression in self.xpath or []]


def _check_default(spec: FieldSpec) -> None:
    expected: dict[str, tuple[type, ...]] = {
        "text": (str,), "html": (str,), "url": (str,), "datetime": (str,),
        "int": (int,), "float": (int, float),
    }  # fmt: skip
    allowed = expected[spec.type]
    values = spec.default if spec.multiple and isinstance(spec.default, list) else [spec.default]
    if spec.fields is not None:
        allowed = (dict,)
    for value in values:
        if isinstance(value, bool) or not isinstance(value, allowed):
            names = " or ".join(kind.__name__ for kind in allowed)
            raise ValueError(f"'default' {value!r} does not fit type {spec.type!r} (expected {names})")


def _shorthand(value: Any) -> Any:
    """``title: "h1"`` means ``title: {css: "h1"}``; a list of strings is a list of alternatives."""
    if isinstance(value, str) or (isinstance(value, list) and all(isinstance(v, str) for v in value)):
        return {"css": value}
    return value


class CookieSpec(_Strict):
    """One cookie set before the page loads; without ``domain``, for the page's own host."""

    name: str
    value: str
    domain: str | None = None
    path: str = "/"
    secure: bool = False
    http_only: bool = False

    @field_validator("name")
    @classmethod
    def _valid_name(cls, value: str) -> str:
        if not re.fullmatch(r"[^=;,\s]+", value):
            raise ValueError(f"{value!r} is not a cookie name (no spaces, '=', ';' or ',')")
        return value


class ViewportSpec(_Strict):
    """The browser window's size in CSS pixels."""

    width: int = Field(ge=200, le=10_000)
    height: int = Field(ge=200, le=10_000)


class RenderSpec(_Strict):
    """How the page is brought to its final state before the snapshot, and who the browser is."""

    wait_for: str | None = None
    scroll: Literal["auto", "none"] = "auto"
    click: list[str] = Field(default_factory=list)
    block: list[ResourceType] = Field(default_factory=list)
    trackers: Literal["block", "allow"] = "block"
    timeout: float = Field(default=30.0, gt=0, le=600)
    max_scrolls: int = Field(default=60, ge=0, le=10_000)
    max_clicks: int = Field(default=30, ge=0, le=10_000)
    storage_state: str | None = None  # Playwright storage state (cookies, localStorage); relative to the file
    cookies: list[CookieSpec] = Field(default_factory=list)
    headers: dict[str, str] = Field(default_factory=dict)
    user_agent: str | None = Field(default=None, min_length=1)
    locale: str | None = None
    timezone: str | None = None
    viewport: ViewportSpec | None = None
    proxy: str | None = None  # http://, https:// or socks5://, with user:password@ when it asks for them
    consent: str = "auto"  # "auto" (known consent managers), "none", or CSS for the button that dismisses the wall
    # always: rendered in Chromium; never: the HTML the server sends, fetched over HTTP; auto: batch learns
    # per site which is enough; None (not set): the command's own (extract: always, batch: auto)
    browser: Literal["auto", "always", "never"] | None = None

    @field_validator("consent")
    @classmethod
    def _valid_consent(cls, value: str) -> str:
        return value if value in ("auto", "none") else check_css(value)

    @field_validator("headers")
    @classmethod
    def _valid_headers(cls, value: dict[str, str]) -> dict[str, str]:
        for name in value:
            if not re.fullmatch(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+", name):
                raise ValueError(f"{name!r} is not a valid HTTP header name")
            if name.lower() in ("cookie", "host", "content-length"):
                raise ValueError(f"{name!r} cannot be set as a header (use 'cookies' for cookies)")
        return value

    @field_validator("locale")
    @classmethod
    def _valid_locale(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*", value):
            raise ValueError(f"{value!r} is not a language tag (e.g. 'en-US', 'id-ID', 'de')")
        return value

    @field_validator("proxy")
    @classmethod
    def _valid_proxy(cls, value: str | None) -> str | None:
        return None if value is None else check_proxy(value)

    @field_validator("timezone")
    @classmethod
    def _valid_timezone(cls, value: str | None) -> str | None:
        known = time_zones()
        if value is not None and known and value not in known:
            raise ValueError(f"{value!r} is not an IANA time zone (e.g. 'Asia/Jakarta', 'Europe/Berlin', 'UTC')")
        return value

    @field_validator("click", "block", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        return _as_list(value)

    @field_validator("wait_for")
    @classmethod
    def _valid_wait_for(cls, value: str | None) -> str | None:
        return None if value is None else check_css(value)

    @field_validator("click")
    @classmethod
    def _valid_click(cls, value: list[str]) -> list[str]:
        for expression in value:
            check_css(expression)
        return value

    @model_validator(mode="after")
    def _browser_keys_need_a_browser(self) -> RenderSpec:
        if self.browser == "never":
            for key, value in (("wait_for", self.wait_for), ("click", self.click)):
                if value:
                    raise ValueError(f"'{key}' needs the browser: it cannot be combined with 'browser: never'")
        return self


class PaginateSpec(_Strict):
    """An article split over pages: follow ``next`` up to ``max_pages``, merging the ``merge`` fields."""

    next: str
    max_pages: int = Field(default=10, ge=1, le=200)
    merge: list[str] = Field(default_factory=list)

    @field_validator("next")
    @classmethod
    def _valid_next(cls, value: str) -> str:
        return check_css(value)

    @field_validator("merge", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        return _as_list(value)


class Site(_Strict):
    """One selector file: which URLs it serves, how to render them, and which fields to read.

    ``name`` is the file's ``site:`` key (the YAML and ``Site.model_validate`` take ``site``)."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    name: str = Field(alias="site", min_length=1)
    match: list[str] = Field(min_length=1)
    render: RenderSpec = Field(default_factory=RenderSpec)
    remove: list[str] = Field(default_factory=list)
    frame: str | None = None  # CSS for a same-origin iframe: every field is read in that frame's document
    paginate: PaginateSpec | None = None
    fields: dict[str, FieldSpec] = Field(min_length=1)

    @field_validator("match", "remove", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        return _as_list(value)

    @field_validator("render", mode="before")
    @classmethod
    def _render_shorthand(cls, value: Any) -> Any:
        """``render: never`` means ``render: {browser: never}`` (and so for ``always`` and ``auto``)."""
        return {"browser": value} if value in ("auto", "always", "never") else value

    @field_validator("remove")
    @classmethod
    def _valid_remove(cls, value: list[str]) -> list[str]:
        for expression in value:
            check_rule(expression)
        return value

    @field_validator("frame")
    @classmethod
    def _valid_frame(cls, value: str | None) -> str | None:
        return None if value is None else check_css(value)

    @model_validator(mode="after")
    def _merged_fields_exist(self) -> Site:
        if self.paginate is not None:
            for name in self.paginate.merge:
                if name not in self.fields:
                    known = ", ".join(self.fields)
                    raise ValueError(f"paginate.merge names {name!r}, which is not a field (fields: {known})")
        return self


def _expand_shorthands(fields: Any) -> Any:
    if not isinstance(fields, dict):
        return fields
    expanded = {}
    for name, spec in fields.items():
        spec = _shorthand(spec)
        if isinstance(spec, dict) and "fields" in spec:
            spec = {**spec, "fields": _expand_shorthands(spec["fields"])}
        expanded[name] = spec
    return expanded


def expand_shorthands(document: dict[str, Any]) -> dict[str, Any]:
    """Turn every shorthand field in a parsed selector file into its full mapping form."""
    if "fields" in document:
        return {**document, "fields": _expand_shorthands(document["fields"])}
    return document


FIELD_KEYS = tuple(FieldSpec.model_fields)
RENDER_KEYS = tuple(RenderSpec.model_fields)
COOKIE_KEYS = tuple(CookieSpec.model_fields)
VIEWPORT_KEYS = tuple(ViewportSpec.model_fields)
PAGINATE_KEYS = tuple(PaginateSpec.model_fields)
SITE_KEYS = tuple(field.alias or name for name, field in Site.model_fields.items())  # as the file spells them

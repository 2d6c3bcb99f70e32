"""Reads report_templates/: the Jinja environment, the locked-down URL fetcher, charts and PDF output.

Templates come from an optional override folder first, file by file, then the bundled folder.
WeasyPrint and matplotlib are imported only when a report is made.
"""

from __future__ import annotations

import base64
import gc
import logging
import mimetypes
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

import jinja2
from pydantic import ValidationError

from assess import formatting, resources
from assess.assessment import Assessment
from assess.bilingual import Lang, Text
from assess.compare import AssessmentComparison
from assess.datafile import read_yaml, validation_problems
from assess.errors import InvalidContentError, RenderError
from assess.messages import t
from assess.questionnaire import Questionnaire
from assess.report_context import COMPACT, AgencyReport, Detail, Labels, build, flow_size, rubrics_context
from assess.result import Result
from assess.scoring import Profile


def template_roots(override: Path | None) -> list[Path]:
    """Where templates and assets are looked up, the override folder first."""
    roots = [resources.templates_dir().resolve()]
    if override is not None:
        if not override.is_dir():
            raise RenderError(f"{override}: not a folder of templates")
        roots.insert(0, override.resolve())
    return roots


def find(relative: str, roots: Sequence[Path]) -> Path | None:
    """A file below one of the roots (first wins); never anything outside them."""
    for root in roots:
        candidate = (root / relative).resolve()
        if candidate.is_relative_to(root) and candidate.is_file():
            return candidate
    return None


def load_labels(roots: Sequence[Path], lang: Lang) -> Labels:
    path = find("_base/labels.yaml", roots)
    if path is None:
        raise RenderError(t("yaml.no_labels", lang))
    stat = path.stat()
    return Labels(_labels(path, stat.st_mtime_ns, stat.st_size, lang))  # a copy: callers may add to it


@lru_cache(maxsize=8)
def _labels(path: Path, mtime_ns: int, size: int, lang: Lang) -> Labels:
    """The labels of one file as it is now (its time and size are part of the key); its problems are
    worded in `lang` (only labels that loaded are cached)."""
    doc = read_yaml(path, lang)
    problems = []
    labels = Labels()
    for key, value in doc.data.items():
        try:
            labels[str(key)] = Text.model_validate(value)(lang)
        except ValidationError as exc:
            problems += [doc.problem((key, *loc), msg) for loc, msg in validation_problems(doc, exc)]
    if problems:
        raise InvalidContentError(t("yaml.labels_invalid", lang, path=path), problems)
    return labels


def environment(roots: Sequence[Path], lang: Lang) -> jinja2.Environment:
    """The one Jinja environment: autoescaped, strict about undefined names, override folder first.

    Made once per folders, language and override files, so templates are compiled once per process,
    not once per report (compiling took longer than filling them in). Jinja notices an edited file;
    a file added to or removed from the override folder makes a new environment."""
    overrides = tuple(
        (str(path), path.stat().st_mtime_ns) for root in roots[:-1] for path in sorted(root.rglob("*"))
    )
    return _environment(tuple(roots), lang, overrides)


@lru_cache(maxsize=8)
def _environment(
    roots: tuple[Path, ...], lang: Lang, overrides: tuple[tuple[str, int], ...]
) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(r) for r in roots]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["number"] = lambda value, digits=1: formatting.number(value, lang, digits)
    env.filters["percent"] = lambda value, digits=0: formatting.percent(value, lang, digits)
    return env


GENERATED = "_generated"  # charts made for this report, served from memory under this folder


def bundled_only_fetcher(roots: Sequence[Path], generated: dict[str, bytes]) -> Any:
    """A WeasyPrint URL fetcher that serves the charts made for this report and files from the
    template folders, and refuses everything else: no http(s), no data:, no file outside the
    templates, whatever a document asks for."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class BundledOnly(URLFetcher):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__(allowed_protocols={"file"}, allow_redirects=False)
            self.served: list[Path] = []
            self.refused: list[str] = []

        def fetch(self, url: str, headers: Any = None) -> Any:
            parsed = urlparse(url)
            path = Path(unquote(parsed.path)).resolve() if parsed.scheme == "file" else None
            relative = None
            if path is not None:
                for root in roots:
                    if path.is_relative_to(root):
                        relative = path.relative_to(root).as_posix()
                        break
            if relative is not None and relative in generated:
                self.served.append(Path(relative))
                return URLFetcherResponse(
                    url, body=generated[relative], headers={"Content-Type": "image/svg+xml"}
                )
            found = find(relative, roots) if relative is not None else None
            if found is None:
                self.refused.append(url)
                raise ValueError(f"refused: only bundled report assets may be loaded ({url[:80]})")
            self.served.append(found)
            kind = mimetypes.guess_type(found.name)[0] or "application/octet-stream"
            if found.suffix == ".ttf":
                kind = "font/ttf"
            return URLFetcherResponse(found.as_uri(), body=found.read_bytes(), headers={"Content-Type": kind})

    return BundledOnly()


@dataclass(frozen=True)
class Rendered:
    html: Html
    pdf: bytes
    warnings: tuple[str, ...]  # what WeasyPrint logged
    served: tuple[Path, ...]  # the files the fetcher served
    refused: tuple[str, ...]  # the URLs it refused


@contextmanager
def _capture_weasyprint_log() -> Iterator[list[str]]:
    records: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record.getMessage())

    handler = Collect(level=logging.WARNING)
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    previous = logger.propagate
    logger.propagate = False
    try:
        yield records
    finally:
        logger.removeHandler(handler)
        logger.propagate = previous


@dataclass(frozen=True)
class Html:
    """A report's HTML with what it refers to: the template folders and the generated charts."""

    text: str
    roots: tuple[Path, ...]
    generated: dict[str, bytes]

    def standalone(self) -> str:
        """The HTML with its charts inlined as data URLs, to open in a browser for inspection."""
        text = self.text
        for name, data in self.generated.items():
            text = text.replace(
                f'src="{name}"', f'src="data:image/svg+xml;base64,{base64.b64encode(data).decode()}"'
            )
        return text


def agency_html(
    r: Result,
    a: Assessment,
    q: Questionnaire,
    profile: Profile,
    lang: Lang,
    template_dir: Path | None = None,
    detail: Detail = "summary",
    shared_annex: bool = False,
    compact: int = 0,
    comparison: AssessmentComparison | None = None,
) -> Html:
    """The agency report's HTML. Its chart is HTML and CSS, so nothing is generated beside it."""
    roots = template_roots(template_dir)
    labels = load_labels(roots, lang)
    context: AgencyReport = build(r, a, q, profile, labels, lang, detail, shared_annex, compact, comparison)
    return render_template("agency/report.html", roots, lang, context, labels)


def rubrics_html(q: Questionnaire, lang: Lang, template_dir: Path | None = None) -> Html:
    """The annex every agency of a batch shares: each question's full rubric, rendered once."""
    roots = template_roots(template_dir)
    labels = load_labels(roots, lang)
    return render_template("agency/rubrics.html", roots, lang, rubrics_context(q, labels, lang), labels)


def render_template(
    name: str,
    roots: Sequence[Path],
    lang: Lang,
    context: object,
    labels: Labels,
    generated: dict[str, bytes] | None = None,
) -> Html:
    """A report template rendered with its context as `r` and its labels as `L`; a template's
    error becomes a RenderError that names the file and line."""
    try:
        html = environment(roots, lang).get_template(name).render(r=context, L=labels)
    except jinja2.TemplateError as exc:
        where = f" ({exc.filename}:{exc.lineno})" if isinstance(exc, jinja2.TemplateSyntaxError) else ""
        raise RenderError(f"report template error{where}: {exc}") from None
    return Html(html, tuple(roots), generated or {})


def _weasyprint() -> Any:
    try:
        import weasyprint
    except OSError as exc:  # Pango or another system library is missing
        raise RenderError(
            f"cannot load WeasyPrint: {exc}",
            hint="install Pango: apt-get install libpango-1.0-0 libpangoft2-1.0-0",
        ) from None
    return weasyprint


@dataclass
class _Laid:
    """A document laid out into pages, not yet written."""

    html: Html
    document: Any
    fetcher: Any
    warnings: list[str]

    @property
    def pages(self) -> int:
        return len(self.document.pages)

    def joined(self, annex: _Laid) -> _Laid:
        """These pages, then the annex's, as one document (WeasyPrint's Document.copy): the
        annex is laid out once and only drawn again."""
        document = self.document.copy([*self.document.pages, *annex.document.pages])
        return _Laid(
            self.html, document, _Fetched(self.fetcher, annex.fetcher), self.warnings + annex.warnings
        )

    def pdf(self, title: str) -> Rendered:
        with _capture_weasyprint_log() as warnings:
            pdf = self.document.write_pdf(
                pdf_identifier=title.encode("utf-8")[:64] or b"assess",
                attachments=None,
                pdf_forms=False,
                full_fonts=not subsets_with_harfbuzz(),
            )
        return Rendered(
            html=self.html,
            pdf=pdf,
            warnings=tuple(self.warnings + warnings),
            served=tuple(self.fetcher.served),
            refused=tuple(self.fetcher.refused),
        )


@dataclass(frozen=True)
class _Fetched:
    """What two fetchers served and refused, together."""

    first: Any
    second: Any

    @property
    def served(self) -> tuple[str, ...]:
        return (*self.first.served, *self.second.served)

    @property
    def refused(self) -> tuple[str, ...]:
        return (*self.first.refused, *self.second.refused)


_annexes: dict[tuple[str, Lang, Path | None], _Laid] = {}


def _shared_annex(q: Questionnaire, lang: Lang, template_dir: Path | None) -> _Laid:
    """The rubric annex every agency of a batch shares, laid out once per process (the batch's
    workers keep it for all the reports they render)."""
    key = (q.content_hash, lang, template_dir)
    if key not in _annexes:
        _annexes.clear()  # one questionnaire and language at a time
        _annexes[key] = _layout(rubrics_html(q, lang, template_dir))
    return _annexes[key]


@lru_cache(maxsize=1)
def subsets_with_harfbuzz() -> bool:
    """Whether WeasyPrint subsets fonts with HarfBuzz's subset library (libharfbuzz-subset0, 4.1 or
    later), decided as weasyprint/pdf/fonts.py decides it.

    Without that library WeasyPrint subsets with fontTools, which stamps each subset font with the
    time of writing (the font's head.modified): two processes then write different bytes, and it
    logs a warning. Without it the reports embed the bundled fonts whole (full_fonts) instead: the
    same bytes in every process and no warning, for about 140 KB more per PDF (220 KB, not 76 KB)
    and about 15 ms more writing than fontTools' subsetting (45 ms more than HarfBuzz's)."""
    try:
        from weasyprint.pdf import fonts

        return bool(fonts.harfbuzz_subset) and bool(fonts.harfbuzz.hb_version_atleast(4, 1, 0))
    except (ImportError, AttributeError):  # another WeasyPrint: embed whole fonts, deterministic anyway
        return False


_reports = 0  # reports laid out in this process


def _settle_heap() -> None:
    """Once per process, as its second report starts: gc.freeze() what is loaded by then (modules,
    fonts, WeasyPrint's caches), so the garbage collector stops walking it again and again. A report
    makes a few hundred thousand short-lived objects, and the full collections they set off took
    about a tenth of a report's time; frozen, they are quick, and memory stays as it was."""
    global _reports
    _reports += 1
    if _reports == 2:
        gc.collect()
        gc.freeze()


def _layout(html: Html) -> _Laid:
    weasyprint = _weasyprint()
    fetcher = bundled_only_fetcher(html.roots, html.generated)
    base = html.roots[-1].as_uri() + "/"  # the bundled folder; the fetcher prefers the override
    with _capture_weasyprint_log() as warnings:
        document = weasyprint.HTML(string=html.text, base_url=base, url_fetcher=fetcher).render()
    _internal_links_only(document)
    return _Laid(html, document, fetcher, warnings)


def _internal_links_only(document: Any) -> None:
    """What a PDF may point to: its own pages. Whatever the templates say (bundled or overriding),
    the document keeps no attachment (`<link rel="attachment">` puts a file in its metadata, `<a
    rel="attachment">` one on a page) and no link out of it (http, https, mailto, file, …): the
    text of such a link stays, as plain text. Links to anchors within the report are kept."""
    document.metadata.attachments = []
    for page in document.pages:
        page.links[:] = [link for link in page.links if link[0] == "internal"]


def pdf_from_html(html: Html, title: str) -> Rendered:
    _settle_heap()
    return _layout(html).pdf(title)


MAX_PAGES = 8  # the promise of the default agency report

# Above this report_context.flow_size a compactness step does not fit MAX_PAGES with the bundled
# templates. Measured on the 200 example-shaped agencies of examples/submissions.csv and the three
# examples, at every step they were laid out at: the largest that fitted was 45,050 in Vietnamese
# and 48,034 in English, and the smallest that did not 43,613 and 46,340 (page breaks fall as they
# may). The limits are 2% above the largest that fitted, so none of those that could keep its
# detail was made more compact; below them the layout decides, as before.
FLOW_LIMIT: dict[str, float] = {"vi": 46_000, "en": 49_000}
# The "progress since" section (with --previous) shares its page with "where it stands" and
# pushes the flow on by about a third of a page: this much less of it fits. Measured on the three
# examples against a year-earlier assessment: with the section, the largest flow that fitted was
# 39,341 in Vietnamese and 40,183 in English, the smallest that did not 40,515 and 41,028.
PROGRESS_FLOW: dict[str, float] = {"vi": 6_000, "en": 8_400}


def first_step(
    r: Result,
    a: Assessment,
    q: Questionnaire,
    profile: Profile,
    lang: Lang,
    shared_annex: bool = False,
    comparison: AssessmentComparison | None = None,
) -> int:
    """The first compactness step worth laying out with the bundled templates: the first whose
    content is not clearly too much for MAX_PAGES. Estimating takes a few milliseconds; a layout
    that would be thrown away takes half a second."""
    labels = load_labels(template_roots(None), lang)
    return _first_fitting(r, a, q, profile, lang, shared_annex, labels, comparison)[0]


def _first_fitting(
    r: Result,
    a: Assessment,
    q: Questionnaire,
    profile: Profile,
    lang: Lang,
    shared_annex: bool,
    labels: Labels,
    comparison: AssessmentComparison | None = None,
) -> tuple[int, AgencyReport]:
    """first_step, with the context it built for that step (so it is not built twice)."""
    limit = FLOW_LIMIT[lang] - (PROGRESS_FLOW[lang] if comparison is not None else 0)
    for step in range(len(COMPACT)):
        context = build(r, a, q, profile, labels, lang, "summary", shared_annex, step, comparison)
        if step == len(COMPACT) - 1 or flow_size(context) <= limit:
            return step, context
    raise AssertionError("COMPACT has no steps")


def agency_pdf(
    r: Result,
    a: Assessment,
    q: Questionnaire,
    profile: Profile,
    lang: Lang,
    template_dir: Path | None = None,
    detail: Detail = "summary",
    shared_annex: bool = False,
    comparison: AssessmentComparison | None = None,
) -> Rendered:
    """Render the agency report; returns the HTML too, and what WeasyPrint logged and fetched.
    With a comparison (the same agency's previous assessment, compare.assessments), a "progress
    since <date>" section follows the one-page summary, on the page of "where it stands".

    The default report keeps to MAX_PAGES: when an agency's answers make it longer (every question
    far below its aim, say), it is laid out again more compactly, step by step (see
    report_context.COMPACT), and the last try is kept. With the bundled templates, the steps whose
    content is clearly too much (first_step) are not laid out at all. With shared_annex (a batch's
    full detail), the annex prints no rubric tables; the rubric annex every agency shares is laid
    out once per process and joined at the end."""
    _settle_heap()
    roots = template_roots(template_dir)
    labels = load_labels(roots, lang)
    start, context = 0, None
    if detail == "summary" and template_dir is None:
        start, context = _first_fitting(r, a, q, profile, lang, shared_annex, labels, comparison)
    laid = None
    for compact in range(start, len(COMPACT)):
        if context is None:
            context = build(r, a, q, profile, labels, lang, detail, shared_annex, compact, comparison)
        laid = _layout(render_template("agency/report.html", roots, lang, context, labels))
        context = None
        if detail == "full" or laid.pages <= MAX_PAGES:
            break
    assert laid is not None
    if shared_annex and detail == "full":
        laid = laid.joined(_shared_annex(q, lang, template_dir))
    return laid.pdf(f"{r.agency.id} {r.assessed_on.isoformat()}")


@lru_cache(maxsize=1)
def weasyprint_version() -> str:
    import weasyprint

    return str(weasyprint.__version__)

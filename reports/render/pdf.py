"""HTML to PDF through WeasyPrint, offline and deterministic.

The url_fetcher serves only files bundled under reports/assets: a report built from a
workspace must never reach the network (a crafted note cannot make it fetch a URL), and
nothing outside the package can change how it looks. The PDF's dates come from the report,
not the clock, so the same audit renders the same document.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

from stagegap.questionnaires.atomic import write_atomic

PDF_VARIANT = "pdf/ua-1"
"""Tagged PDF (PDF/UA-1): text extracts in reading order and screen readers can follow it."""

ASSETS = Path(str(resources.files("stagegap.reports") / "assets")).resolve()


def _fetcher() -> Any:
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class Fetcher(URLFetcher):  # type: ignore[misc]
        """Serves reports/assets/ and refuses everything else."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            if not url.startswith("file:"):
                raise ValueError(f"stagegap reports are offline; refused {url}")
            from urllib.request import url2pathname

            path = Path(url2pathname(url.removeprefix("file://").split("?")[0])).resolve()
            if not path.is_relative_to(ASSETS) or not path.is_file():
                raise ValueError(f"only bundled report assets may be loaded; refused {url}")
            return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": _mime(path)})

    return Fetcher()


def _mime(path: Path) -> str:
    return {
        ".css": "text/css",
        ".otf": "font/otf",
        ".ttf": "font/ttf",
        ".woff2": "font/woff2",
        ".svg": "image/svg+xml",
        ".png": "image/png",
    }.get(path.suffix, "application/octet-stream")


@contextmanager
def _collect_warnings(sink: list[str] | None) -> Iterator[None]:
    if sink is None:
        yield
        return

    messages = sink

    class Collector(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if record.levelno >= logging.WARNING:
                messages.append(record.getMessage())

    handler = Collector()
    loggers = [logging.getLogger("weasyprint"), logging.getLogger("weasyprint.progress")]
    for logger in loggers:
        logger.addHandler(handler)
    try:
        yield
    finally:
        for logger in loggers:
            logger.removeHandler(handler)


def write_pdf(
    html: str,
    target: Path,
    *,
    progress: Callable[[str], None] | None = None,
    warnings: list[str] | None = None,
) -> Path:
    """Lay out and write the PDF. WeasyPrint warnings go to `warnings` when given."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    fetcher = _fetcher()
    fonts = FontConfiguration()
    with _collect_warnings(warnings):
        if progress:
            progress("Laying out the PDF")
        document = HTML(string=html, base_url=ASSETS.as_uri() + "/", url_fetcher=fetcher).render(
            stylesheets=[
                CSS(
                    filename=str(ASSETS / "fonts.css"),
                    url_fetcher=fetcher,
                    font_config=fonts,
                )
            ],
            font_config=fonts,
        )
        if progress:
            progress(f"Writing {len(document.pages)} pages")
        target.parent.mkdir(parents=True, exist_ok=True)
        data = document.write_pdf(pdf_variant=PDF_VARIANT)
    if data is None:  # pragma: no cover - write_pdf returns bytes when given no target
        raise RuntimeError("WeasyPrint returned no PDF")
    write_atomic(target, data)
    return target


def pdf_bytes(html: str, warnings: list[str] | None = None) -> bytes:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        out = write_pdf(html, Path(tmp) / "r.pdf", warnings=warnings)
        return out.read_bytes()

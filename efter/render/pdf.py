"""HTML to PDF through the optional extra: pip install "efter[pdf]" (WeasyPrint, which needs
Pango from the operating system). Nothing is fetched from the network while printing."""

from typing import Any

from efter.core.errors import EfterError
from efter.core.i18n import t

INSTALL = (
    'PDF needs the optional extra: install it with pip install "efter[pdf]" '
    "(or pipx inject efter weasyprint), or use --format html and print from a browser."
)


def available() -> bool:
    try:
        weasyprint_or_advice()
    except EfterError:
        return False
    return True


def weasyprint_or_advice() -> Any:
    """The weasyprint module, or an EfterError saying how to install what it needs."""
    try:
        import weasyprint
    except ImportError:
        raise EfterError(INSTALL) from None
    except OSError:  # the Python package is there but Pango is not
        raise EfterError(
            t(
                "PDF needs the Pango library, which WeasyPrint could not load: install it with "
                "your system's package manager (Debian/Ubuntu: apt-get install libpango-1.0-0 "
                "libpangoft2-1.0-0), or use --format html."
            )
        ) from None
    return weasyprint


def _no_fetch(url: str, *args: Any, **kwargs: Any) -> Any:
    raise ValueError(f"efter prints without fetching anything ({url[:40]})")


def html_to_pdf(html: str) -> bytes:
    weasyprint = weasyprint_or_advice()
    import logging

    # WeasyPrint logs a warning per refused fetch and unsupported CSS rule; keep stderr clean.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    try:
        document = weasyprint.HTML(string=html, url_fetcher=_no_fetch, base_url=None)
        data: bytes = document.write_pdf()
    except Exception as error:
        raise EfterError(
            t("The PDF could not be made ({name}): try --format html.", name=type(error).__name__)
        ) from None
    return data

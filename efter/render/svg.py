"""What every inline SVG chart shares: text cut to fit a label."""


def clip(text: str, limit: int) -> str:
    """`text` on one line (runs of white space made one space), cut to `limit` characters
    with an ellipsis: SVG text does not wrap, and a long label would run into the bars."""
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"

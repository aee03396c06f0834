"""Reading a piece of SQL that efter wrote itself: the one place that knows where a list of
terms splits (used by the register's dialect and by the reports' column lists)."""


def split_terms(clause: str) -> list[str]:
    """The terms of a comma-separated SQL list, split at the commas outside parentheses and
    quotes ("a, coalesce(b, 'x, y') AS c" is two terms), each as written."""
    terms: list[str] = []
    current: list[str] = []
    depth = 0
    quoted = False
    for char in clause:
        if char == "'":
            quoted = not quoted
        elif not quoted and char == "(":
            depth += 1
        elif not quoted and char == ")":
            depth -= 1
        if char == "," and depth == 0 and not quoted:
            terms.append("".join(current))
            current = []
        else:
            current.append(char)
    terms.append("".join(current))
    return terms

"""JSON indented by two spaces, exactly as `json.dumps(data, ensure_ascii=False, indent=2)`
writes it, at the speed of json's C encoder.

With `indent`, Python's json module (up to 3.12) encodes every value in Python: about 1 s for a
report of 10,000 young people. Here each list or dict whose members are all plain values is
encoded by the C encoder in one call, with the line break and indentation of its level as the
item separator; only the containers holding containers are walked in Python.
tests/test_jsontext.py holds it to json.dumps.
"""

from collections.abc import Callable
from json import encoder
from typing import Any

_PLAIN = (str, int, float, bool, type(None))  # exactly these types, not subclasses
_ENCODERS: dict[int, Callable[[Any, int], Any]] = {}
_C_ENCODER: Any = getattr(encoder, "c_make_encoder", None)  # CPython's C accelerator


def _refuse(value: Any) -> Any:
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def _encoder(level: int) -> Callable[[Any, int], Any]:
    """The C encoder for plain members at this depth (None when the build has none)."""
    found = _ENCODERS.get(level)
    if found is None:
        found = _C_ENCODER(
            None, _refuse, encoder.encode_basestring, None, ": ",
            ",\n" + "  " * (level + 1), False, False, True,
        )  # fmt: skip
        _ENCODERS[level] = found
    return found


def indented(data: Any) -> str:
    """json.dumps(data, ensure_ascii=False, indent=2), fast."""
    if _C_ENCODER is None:  # a Python without the C accelerator
        import json

        return json.dumps(data, ensure_ascii=False, indent=2)
    parts: list[str] = []
    try:
        _write(data, 0, parts)
    except TypeError:  # a value json would convert (a str or int subclass): json's own way
        import json

        return json.dumps(data, ensure_ascii=False, indent=2)
    return "".join(parts)


_PLAIN_TYPES = frozenset(_PLAIN)
_CONTAINERS = (dict, list, tuple)


def _write(value: Any, level: int, parts: list[str]) -> None:
    kind = type(value)
    if kind in _PLAIN_TYPES or (not value and isinstance(value, _CONTAINERS)):
        parts.extend(_encoder(level)(value, 0))
        return
    is_dict = isinstance(value, dict)
    if not is_dict and not isinstance(value, list | tuple):
        _refuse(value)
    members = value.values() if is_dict else value
    indent = "  " * level
    # All members plain (checked in C: the types' set), str keys: one call of the C encoder.
    if _PLAIN_TYPES.issuperset(map(type, members)) and (
        not is_dict or _STR.issuperset(map(type, value))
    ):
        text = "".join(_encoder(level)(value, 0))
        parts.append(f"{text[0]}\n  {indent}{text[1:-1]}\n{indent}{text[-1]}")
        return
    encode = _encoder(level)
    inner = ",\n  " + indent
    parts.append("{" if is_dict else "[")
    if is_dict:
        for n, (key, member) in enumerate(value.items()):
            parts.append(inner[n == 0 :])
            parts.extend(encode(_key(key), 0))
            parts.append(": ")
            _write(member, level + 1, parts)
    else:
        for n, member in enumerate(value):
            parts.append(inner[n == 0 :])
            _write(member, level + 1, parts)
    parts.append(f"\n{indent}" + ("}" if is_dict else "]"))


_STR = frozenset((str,))


def _key(key: Any) -> str:
    """A dict key as json writes it: strings as they are, plain values as their JSON text."""
    if isinstance(key, str):
        return key
    if key is True or key is False or key is None:
        return {True: "true", False: "false", None: "null"}[key]
    if isinstance(key, int | float):
        return float.__repr__(key) if isinstance(key, float) else int.__repr__(key)
    return str(_refuse(key))

"""Templates people can change: list/show/copy, the user folder taking precedence, --template
PATH reaching nothing beside the file, the sandbox, broken templates, and escaping."""

import html
import json
import re
from pathlib import Path

import pytest
from conftest import snapshot
from documents_case import make_case
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from efter.resources import packaged_dir

PACKAGED = packaged_dir("templates")


def user_dir(tmp_path: Path, lang: str = "da") -> Path:
    return tmp_path / "config" / "efter" / "templates" / lang


def test_list_shows_packaged_and_user_copies(run, env, tmp_path):
    data = json.loads(run("template", "list", "--json").stdout)
    names = {(d["name"], d["lang"]) for d in data}
    for lang in ("da", "en"):
        for name in ("contract.md", "consent.md", "network-map.md", "measures.md",
                     "obligations.txt"):  # fmt: skip
            assert (name, lang) in names
    assert all(d["where"] == "packaged" for d in data)
    result = run("template", "copy", "contract")
    assert result.exit_code == 0
    target = user_dir(tmp_path) / "contract.md"
    assert result.stdout == f"{target}\n"
    assert result.stderr == (
        "Copied contract.md to your templates: edit it, and efter uses your copy from now on "
        "(delete it to go back to the packaged one).\n"
    )
    data = json.loads(run("template", "list", "--lang", "da", "--json").stdout)
    contract = [d for d in data if d["name"] == "contract.md"]
    assert [(d["where"], d["overrides"]) for d in contract] == [("user", True), ("packaged", False)]
    table = run("template", "list", "--lang", "da").stdout
    assert "yours (used)" in table and "packaged, as efter:da/contract.md" in table


def test_show(run, env):
    result = run("template", "show", "consent", "--lang", "en")
    assert result.exit_code == 0
    assert result.stdout == (PACKAGED / "en" / "consent.md").read_text(encoding="utf-8")
    assert result.stderr == f"({PACKAGED / 'en' / 'consent.md'})\n"
    obligations = run("template", "show", "obligations")
    assert "ungevejleder: Hvis den unge falder fra" in obligations.stdout


def test_copy_refuses_to_overwrite_without_force(run, env, tmp_path):
    assert run("template", "copy", "measures").exit_code == 0
    mine = user_dir(tmp_path) / "measures.md"
    mine.write_text("mine\n", encoding="utf-8")
    result = run("template", "copy", "measures")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"Error: You already have your own measures.md at {mine}: edit it there, or give "
        "--force to replace it with the packaged one.\n"
    )
    assert mine.read_text(encoding="utf-8") == "mine\n"
    assert run("template", "copy", "measures", "--force").exit_code == 0
    assert mine.read_text(encoding="utf-8") == (PACKAGED / "da" / "measures.md").read_text(
        encoding="utf-8"
    )


@pytest.mark.parametrize("name", ["nope", "../contract", "da/contract.md", "/etc/passwd"])
def test_unknown_or_unsafe_template_names(run, env, name):
    for command in (("template", "show", name), ("template", "copy", name)):
        result = run(*command)
        assert result.exit_code == 1
        assert result.stdout == ""
        assert result.stderr.startswith("Error: ")
        assert len(result.stderr.strip().splitlines()) == 1


def test_user_copy_takes_precedence_and_packaged_stays_reachable(run, casefile, tmp_path):
    youth = make_case(run, casefile)
    run("template", "copy", "contract")
    mine = user_dir(tmp_path) / "contract.md"
    text = mine.read_text(encoding="utf-8").replace(
        "## 2. Hvad kontrakten er", "## 2. Formål og ånd", 1
    )
    mine.write_text(text, encoding="utf-8")
    rendered = run("contract", "render", youth).stdout
    assert "## 2. Formål og ånd" in rendered
    # The packaged template stays reachable under its prefix.
    mine.write_text("Esbjerg Kommune\n{% include 'efter:da/contract.md' %}", encoding="utf-8")
    rendered = run("contract", "render", youth).stdout
    assert rendered.startswith("Esbjerg Kommune\n# Samarbejdskontrakt for Amalie Nørgaard\n")
    # Saved versions record the template and the file it was read from.
    run("contract", "save", youth)
    record = json.loads(run("contract", "list", youth, "--json").stdout)[0]
    assert (record["template"], record["source"]) == ("contract.md", str(mine))


def test_obligations_can_be_overridden(run, casefile, tmp_path):
    youth = make_case(run, casefile)
    run("template", "copy", "obligations")
    mine = user_dir(tmp_path) / "obligations.txt"
    mine.write_text(
        "# vores ordlyd\nungevejleder: Ringer til den unge samme dag,\n  hvis den unge udebliver.\n"
        "jobcenter: Bliver ikke vist, for jobcentret er ikke i teamet.\n",
        encoding="utf-8",
    )
    text = run("contract", "render", youth).stdout
    section = text[text.index("## 5.") : text.index("## 6.")]
    assert section == (
        "## 5. Handleforpligtelser\n\nHvad parterne gør i konkrete situationer:\n\n"
        "### Ungevejleder (Peter Dam)\n\n"
        "- Ringer til den unge samme dag, hvis den unge udebliver.\n\n"
    )
    mine.write_text("ungevejleder: fint\nbager: Bager boller.\n", encoding="utf-8")
    before = snapshot(casefile)
    result = run("contract", "render", youth)
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"Error: Line 2 of {mine} names the role 'bager', which efter does not know: use one of "
        "koordinator, myndighedsrådgiver,"
    )
    mine.write_text("ungevejleder fint\n", encoding="utf-8")
    result = run("contract", "save", youth)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: Line 1 of {mine} is not 'role: obligation': write the role, a colon and what "
        "that role does.\n"
    )
    assert snapshot(casefile) == before


def test_template_path_is_used_and_nothing_beside_it(run, casefile, tmp_path):
    youth = make_case(run, casefile)
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "secret.md").write_text("SECRET\n", encoding="utf-8")
    own = folder / "own.md"
    own.write_text("Kontrakt: {{ youth.name }}, født {{ youth.born|date }}\n", encoding="utf-8")
    result = run("contract", "render", youth, "--template", str(own))
    assert result.exit_code == 0
    assert result.stdout == "Kontrakt: Amalie Nørgaard, født 14. marts 2009\n"
    before = snapshot(casefile)
    for include in ("secret.md", "../mine/secret.md", str(folder / "secret.md")):
        own.write_text(f"{{% include '{include}' %}}\n", encoding="utf-8")
        result = run("contract", "render", youth, "--template", str(own))
        assert (result.exit_code, result.stdout) == (1, "")
        assert "SECRET" not in result.stderr
        assert result.stderr.startswith("Error: There is no template '")
        assert result.stderr.endswith("': see 'efter template list' for the names.\n")
    missing = run("document", "consent", youth, "--template", str(folder / "nope.md"))
    assert missing.exit_code == 1
    assert missing.stderr == (
        f"Error: There is no template file at {folder / 'nope.md'}: check the path given to "
        "--template.\n"
    )
    unknown = run("contract", "render", youth, "--template", "kontrakt2")
    assert unknown.exit_code == 1
    assert unknown.stderr == (
        "Error: There is no template 'kontrakt2.md': see 'efter template list' for the names.\n"
    )
    assert snapshot(casefile) == before


def test_sandbox_stops_unsafe_templates(run, casefile, tmp_path):
    youth = make_case(run, casefile)
    own = tmp_path / "evil.md"
    before = snapshot(casefile)
    for body in (
        "{{ ''.__class__.__mro__ }}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ youth.__class__ }}",
        "{{ cycler.__init__.__globals__ }}",
    ):
        own.write_text(body + "\n", encoding="utf-8")
        result = run("contract", "render", youth, "--template", str(own))
        assert (result.exit_code, result.stdout) == (1, "")
        assert result.stderr.startswith(f"Error: The template {own}")
        assert "unsafe" in result.stderr or "does not provide" in result.stderr
        assert len(result.stderr.splitlines()) == 1
    assert snapshot(casefile) == before


def test_broken_templates_name_file_and_line(run, casefile, tmp_path):
    youth = make_case(run, casefile)
    own = tmp_path / "broken.md"
    own.write_text("# {{ youth.name }}\n\n{% for x in team %}\n{{ x.name }\n", encoding="utf-8")
    result = run("contract", "render", youth, "--template", str(own))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: The template {own} has an error on line 4: ")
    own.write_text("# {{ youth.name }}\n\n{{ 1 // 0 }}\n", encoding="utf-8")
    result = run("contract", "render", youth, "--template", str(own))
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: The template {own} on line 3 failed (ZeroDivisionError: integer division or "
        "modulo by zero): fix the template, or remove your copy to use the packaged one.\n"
    )
    own.write_text("# {{ youth.nickname }}\n", encoding="utf-8")
    result = run("contract", "render", youth, "--template", str(own))
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: The template {own} on line 1 uses something efter does not provide ('dict "
        "object' has no attribute 'nickname'): fix the template, or remove your copy to use the "
        "packaged one.\n"
    )
    (user_dir(tmp_path)).mkdir(parents=True)
    (user_dir(tmp_path) / "consent.md").write_text("{% if %}\n", encoding="utf-8")
    result = run("document", "consent", youth)
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"Error: The template {user_dir(tmp_path) / 'consent.md'} has an error on line 1: "
    )


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.text(
        alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp", "Zs"))
        | st.just(" ")
        | st.sampled_from(list("\\`*_[]<>|#~{}&;!-+=.)0123456789:/")),
        min_size=1,
        max_size=40,
    )
)
def test_any_value_prints_as_typed(tmp_path, value):
    """Whatever a name contains, the HTML shows exactly it, and the Markdown never runs it:
    in a sentence, a table cell, a list item, and alone at the start of a line."""
    from efter.render.documents import Renderer

    value = " ".join(value.split())
    if not value:
        return
    own = tmp_path / "t.md"
    own.write_text(
        "Navn: {{ name }}\n\n| a |\n|---|\n| {{ name }} |\n\n- {{ name }}\n\n{{ name }}\n",
        encoding="utf-8",
    )
    renderer = Renderer("da", template_file=own)
    page = renderer.document(str(own), {"name": value}, fmt="html", title="t")
    escaped = html.escape(value, quote=False).replace('"', "&quot;")
    body = page[page.index("<body>") :]
    # a long link-like value gets invisible break points (<wbr>), never inside an entity
    assert re.search(r"&[#\w]*<wbr>", body) is None
    body = body.replace("<wbr>", "")
    assert f"<p>Navn: {escaped}</p>" in body
    assert f"<td>{escaped}</td>" in body
    assert f"<li>{escaped}</li>" in body
    assert body.count(f"<p>{escaped}</p>") == 1


def test_a_number_with_a_dot_is_not_a_list():
    from efter.render.documents import _placed_breaks, md_escape

    assert md_escape("0.") == "0\\."
    # the line break is placed once the line it lands in is known (a hard break in text)
    assert _placed_breaks(md_escape("12) x\n- y")) == "12\\) x  \n\\- y"

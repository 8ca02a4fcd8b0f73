"""Markdown is rendered and sanitised; every text field is escaped."""

from html.parser import HTMLParser

import pytest

from courses.models import QuestionKind
from elearning.markdown import render_markdown

PAYLOADS = [
    "<script>alert('x')</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    '<a href="javascript:alert(1)">x</a>',
    '<svg onload="alert(1)"></svg>',
    '<iframe src="https://evil.example"></iframe>',
    "![x](javascript:alert(1))",
    '<div style="background:url(javascript:alert(1))">x</div>',
]


class Elements(HTMLParser):
    """The real elements and attributes of an HTML fragment (escaped text is not markup)."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.found: list[tuple[str, dict]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


def dangerous(html: str) -> list:
    problems = []
    for tag, attrs in Elements(html).found:
        if tag in {"script", "iframe", "svg", "object", "embed", "style"}:
            problems.append(tag)
        for name, value in attrs.items():
            if name.startswith("on") or name == "style":
                problems.append(f"{tag}[{name}]")
            if name in {"href", "src"} and (value or "").strip().lower().startswith("javascript:"):
                problems.append(f"{tag}[{name}={value}]")
    return problems


@pytest.mark.parametrize("payload", PAYLOADS)
def test_markdown_never_lets_scripts_through(payload):
    html = str(render_markdown(f"Intro\n\n{payload}\n\n**bold**"))
    assert dangerous(html) == []
    assert "<strong>bold</strong>" in html


def test_markdown_keeps_what_modules_need():
    html = str(
        render_markdown(
            "# Title\n\n## Section\n\n- a\n- b\n\n| kV | mAs |\n|---|---|\n| 120 | 100 |\n\n"
            "[ICRP](https://www.icrp.org) ![Scanner](https://example.org/ct.png)"
        )
    )
    assert "<h2>Title</h2>" in html and "<h1" not in html
    assert "<ul>" in html and "<table>" in html
    assert 'href="https://www.icrp.org"' in html and 'rel="noopener noreferrer nofollow"' in html
    assert '<img src="https://example.org/ct.png" alt="Scanner">' in html


@pytest.mark.parametrize("payload", PAYLOADS[:2])
def test_every_text_field_of_a_module_is_escaped_on_its_pages(
    client, create_module, create_user, login, payload
):
    module = create_module(
        title=f"Dose {payload}",
        summary=payload,
        body=payload,
        authors=payload,
        learning_objectives=payload,
        references=payload,
        questions=[(QuestionKind.SINGLE, payload, [(payload, True), ("Other", False)])],
    )
    login(create_user())
    start = client.submit(f"/modules/{module.slug}/attempts", page=f"/modules/{module.slug}")
    for path in ["/modules/", f"/modules/{module.slug}", start.headers["Location"]]:
        page = client.get(path).get_data(as_text=True)
        assert dangerous(page) == [], path
        assert "&lt;" in page, path  # the payload is shown as text

"""Write questions as Moodle XML or GIFT files that Moodle's importers accept."""

import re
from collections.abc import Iterable, Iterator
from xml.sax.saxutils import escape, quoteattr

from .model import (
    MULTIPLE,
    SINGLE,
    TRUE_FALSE,
    ImportedQuestion,
    category_to_path,
    correct_weights,
    percent,
)
from .text import excerpt, plain_to_html, tidy

_XML_INVALID = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_GIFT_SPECIAL = re.compile(r"([\\~=#{}:])")


def export_moodle_xml(questions: Iterable[ImportedQuestion], category: str = "") -> bytes:
    """Write Moodle XML; `category` puts every question there, else each keeps its own.

    Categories work as in Moodle files: a question without one stays in the previous category.
    """
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', "<quiz>"]
    for path, question in _with_categories(questions, category):
        if path:
            lines += _xml_category(path)
        if question is not None:
            lines += _xml_question(_check(question))
    lines.append("</quiz>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def export_gift(questions: Iterable[ImportedQuestion], category: str = "") -> str:
    """Write GIFT; `category` puts every question there, else each keeps its own (as above)."""
    blocks = []
    for path, question in _with_categories(questions, category):
        if path:
            blocks.append(f"$CATEGORY: {path}")
        if question is not None:
            blocks.append(_gift_question(_check(question)))
    return "\n\n".join(blocks) + "\n"


def _with_categories(
    questions: Iterable[ImportedQuestion], category: str
) -> Iterator[tuple[str, ImportedQuestion | None]]:
    """Yield (category path to switch to or "", question), switching only when it changes."""
    if category.strip():
        yield category_to_path(category), None
        yield from (("", question) for question in questions)
        return
    current = ""
    for question in questions:
        switch = question.category.strip()
        yield (category_to_path(switch) if switch and switch != current else ""), question
        current = switch or current


def _name(question: ImportedQuestion) -> str:
    return tidy(question.name) or excerpt(question.text) or "Question"


def _true_is_correct(question: ImportedQuestion) -> bool:
    by_text = {option.text.strip().casefold(): option.correct for option in question.options}
    return by_text.get("true", question.options[0].correct if question.options else True)


def _fractions(question: ImportedQuestion, wrong: float) -> list[float]:
    """Return each option's grade: full marks shared among the correct options."""
    if question.kind != MULTIPLE:
        return [100.0 if option.correct else 0.0 for option in question.options]
    shares = iter(correct_weights(sum(option.correct for option in question.options) or 1))
    return [next(shares) if option.correct else wrong for option in question.options]


# Moodle XML


def _cdata(text: str) -> str:
    text = _XML_INVALID.sub("", text)
    if not re.search(r"[<>&]", text):
        return text
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _xml_text(tag: str, text: str, fmt: str = "html", indent: str = "    ") -> list[str]:
    return [
        f'{indent}<{tag} format="{fmt}">',
        f"{indent}  <text>{_cdata(text)}</text>",
        f"{indent}</{tag}>",
    ]


def _xml_category(path: str) -> list[str]:
    return [
        '  <question type="category">',
        "    <category>",
        f"      <text>{escape(_XML_INVALID.sub('', path))}</text>",
        "    </category>",
        "  </question>",
    ]


def _xml_answer(fraction: float, text: str, fmt: str) -> list[str]:
    return [
        f"    <answer fraction={quoteattr(percent(fraction))} format={quoteattr(fmt)}>",
        f"      <text>{_cdata(text)}</text>",
        *_xml_text("feedback", "", indent="      "),
        "    </answer>",
    ]


def _check(question: ImportedQuestion) -> ImportedQuestion:
    if question.kind not in (SINGLE, MULTIPLE, TRUE_FALSE):
        raise ValueError(f"Cannot export a question of kind {question.kind!r}.")
    return question


def _xml_question(question: ImportedQuestion) -> list[str]:
    true_false = question.kind == TRUE_FALSE
    lines = [
        f'  <question type="{"truefalse" if true_false else "multichoice"}">',
        "    <name>",
        f"      <text>{escape(_XML_INVALID.sub('', _name(question)))}</text>",
        "    </name>",
        *_xml_text("questiontext", plain_to_html(question.text)),
        *_xml_text("generalfeedback", plain_to_html(question.explanation)),
        "    <defaultgrade>1</defaultgrade>",
        # A wrong true/false answer leaves nothing to retry, so Moodle's penalty there is 1.
        f"    <penalty>{'1' if true_false else '0.3333333'}</penalty>",
        "    <hidden>0</hidden>",
    ]
    if true_false:
        right = _true_is_correct(question)
        lines += _xml_answer(100 if right else 0, "true", "moodle_auto_format")
        lines += _xml_answer(0 if right else 100, "false", "moodle_auto_format")
    else:
        lines += [
            f"    <single>{'false' if question.kind == MULTIPLE else 'true'}</single>",
            "    <shuffleanswers>true</shuffleanswers>",
            "    <answernumbering>abc</answernumbering>",
            *_xml_text("correctfeedback", ""),
            *_xml_text("partiallycorrectfeedback", ""),
            *_xml_text("incorrectfeedback", ""),
        ]
        for option, fraction in zip(question.options, _fractions(question, 0.0), strict=True):
            lines += _xml_answer(fraction, plain_to_html(option.text), "html")
    return [*lines, "  </question>"]


# GIFT


def _gift(text: str) -> str:
    """Escape GIFT's special characters and line breaks (a blank line would end the question)."""
    return _GIFT_SPECIAL.sub(r"\\\1", tidy(text)).replace("\n", "\\n")


def _gift_field(text: str) -> str:
    # A leading "[" would read as a format marker such as [html]: state the format instead.
    return ("[plain]" if text.startswith("[") else "") + _gift(text)


def _gift_question(question: ImportedQuestion) -> str:
    texts = [question.text, question.explanation, *(option.text for option in question.options)]
    # Unmarked GIFT text is Moodle auto-format, where "<" and "&" are markup: say it is plain.
    plain = any("<" in text or "&" in text for text in texts)
    head = f"::{_gift(_name(question))}::"
    head += ("[plain]" + _gift(question.text)) if plain else _gift_field(question.text)
    general = f"####{_gift_field(question.explanation)}" if question.explanation else ""
    if question.kind == TRUE_FALSE:
        return f"{head}{{{'TRUE' if _true_is_correct(question) else 'FALSE'}{general}}}"
    lines = [head + "{"]
    shares = correct_weights(sum(option.correct for option in question.options) or 1)
    # A wrong choice costs what a right one earns, so guessing does not pay (Moodle stops at 0).
    for option, fraction in zip(question.options, _fractions(question, -min(shares)), strict=True):
        text = _gift_field(option.text)
        if question.kind != MULTIPLE:
            # "%" starting a wrong answer would read as a weight: give the weight explicitly.
            prefix = "=" if option.correct else ("~%0%" if text.startswith("%") else "~")
        else:
            prefix = f"~%{percent(fraction)}%"
        lines.append(f"\t{prefix}{text}")
    if general:
        lines.append(f"\t{general}")
    return "\n".join([*lines, "}"])

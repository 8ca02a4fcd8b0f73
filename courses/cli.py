"""``flask quiz ...``: import and export question files from the shell; ``flask modules ...``:
maintenance of the modules themselves."""

from pathlib import Path

import click
from flask.cli import AppGroup
from sqlalchemy import select

from elearning.extensions import db

from . import importing, operations
from .interchange import QuizFormatError, parse
from .models import Module

quiz_cli = AppGroup("quiz", help="Import and export quiz questions (Moodle XML, GIFT, Aiken).")
modules_cli = AppGroup("modules", help="Maintain the Tips & Tricks modules.")


def _module(ref: str) -> Module:
    query = select(Module).where(Module.id == int(ref) if ref.isdigit() else Module.slug == ref)
    module = db.session.scalar(query)
    if module is None:
        raise click.ClickException(f"No module {ref!r} (give its slug or id).")
    return module


def show_preview(result) -> None:
    click.echo(f"Format: {result.format}")
    click.echo(f"{len(result.questions)} questions to create:")
    for n, question in enumerate(result.questions, start=1):
        correct = sum(o.correct for o in question.options)
        click.echo(
            f"  {n:3}. [{question.kind}] {question.text[:70]} "
            f"({len(question.options)} options, {correct} correct)"
        )
    if result.skipped:
        click.echo(f"{len(result.skipped)} skipped:")
        for skipped in result.skipped:
            click.echo(f"  - {skipped.location}: {skipped.name[:50]}: {skipped.reason}")


@quiz_cli.command("import")
@click.argument("module")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Show what would be imported; change nothing.")
@click.option("--yes", is_flag=True, help="Import without asking for confirmation.")
def import_command(module, file: Path, dry_run: bool, yes: bool):
    """Import FILE into the draft quiz of MODULE (slug or id), after a preview."""
    target = _module(module)
    revision = operations.working_revision(target)
    if revision is None or not revision.is_editable:
        raise click.ClickException("The module has no draft; start a new revision first.")
    content = file.read_bytes()
    try:
        importing.check_size(content)
        result = parse(content, file.name)
    except QuizFormatError as error:
        raise click.ClickException(str(error)) from None
    show_preview(result)
    if dry_run or not result.questions:
        click.echo("Nothing was changed.")
        return
    if not yes and not click.confirm(f"Import {len(result.questions)} questions?"):
        click.echo("Nothing was changed.")
        return
    try:
        added = importing.add_imported(revision, result)
    except operations.CourseError as error:
        db.session.rollback()
        raise click.ClickException(f"Nothing was imported: {error}") from None
    db.session.commit()
    click.echo(f"Imported {added} questions into revision {revision.number}.")


@quiz_cli.command("export")
@click.argument("module")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(list(importing.EXPORTS)),
    default="moodle_xml",
    show_default=True,
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file instead of standard output.",
)
def export_command(module, fmt: str, output: Path | None):
    """Export the quiz of MODULE (its draft, or else its published revision)."""
    target = _module(module)
    revision = operations.working_revision(target) or target.published_revision
    if revision is None:
        raise click.ClickException("The module has no quiz yet.")
    body = importing.export_quiz(revision, fmt, category=target.working_group.name)
    if output:
        output.write_bytes(body)
        click.echo(f"Wrote {len(revision.questions)} questions to {output}.")
    else:
        click.echo(body.decode("utf-8"), nl=False)


@modules_cli.command("reindex-search")
def reindex_search_command():
    """Rewrite stale revision search texts (after a rolling upgrade from older code)."""
    changed, total = operations.reindex_search()
    db.session.commit()
    click.echo(f"{changed} of {total} revisions had a stale search text; rewritten.")

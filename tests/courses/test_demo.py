"""The demo content that `flask demo load` adds to Tips & Tricks."""

from sqlalchemy import select

from courses.models import Module, RevisionState
from courses.operations import slugify
from elearning.extensions import db


def test_demo_has_published_modules_in_every_group_and_a_draft(app, client):
    result = app.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    modules = db.session.scalars(select(Module)).all()
    published = [m for m in modules if m.published_revision_id]
    drafts = [m for m in modules if m.revisions[0].state is RevisionState.DRAFT]
    assert len(published) >= 8 and len(drafts) >= 1
    groups = {m.working_group.name for m in published}
    assert {"CT", "Paediatric Imaging", "Interventional Radiology"} <= groups
    for module in published:
        assert 4 <= len(module.published_revision.questions) <= 6
        assert client.get(f"/modules/{module.slug}").status_code == 200
    assert f"{len(published)} modules" in client.get("/modules/").get_data(as_text=True)


def test_slugs_end_on_a_whole_word():
    title = "Radiography in children: collimation, exposure settings and gonad shielding today"
    slug = slugify(title)
    assert len(slug) <= 72 and slug.endswith("gonad") and not slug.endswith("-")

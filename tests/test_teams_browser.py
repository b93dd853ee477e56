"""Two accounts in two browser pages (headless Chromium, Playwright) editing the same segment:
each signs in, the Reviewer box shows the account, the second save is refused with the first
account's name in the notice, and the history shows both names."""

from __future__ import annotations

import pytest

from workbench import service
from workbench.service import teams
from workbench.store import Store
from workbench.ui.common import free_port

PASSWORD = "two pages, one segment"


@pytest.fixture
def team_app(tmp_path):
    from workbench.ui import launch

    store = Store(tmp_path / "team.db")
    report = tmp_path / "r.txt"
    report.write_text("标题\n\n第一句话。第二句话。第三句话。\n", "utf-8")
    document = service.import_document(store, report).document_id
    teams.add_user(store, "li", "reviewer", PASSWORD)
    teams.add_user(store, "wang", "translator", PASSWORD)
    port = free_port()
    app = launch(tmp_path / "team.db", port=port, sample=None, prevent_thread_lock=True, quiet=True)
    try:
        yield f"http://127.0.0.1:{port}/", store, document
    finally:
        app.close()
        teams.set_actor_source(None)


def sign_in(browser, url: str, name: str):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.goto(url)
    page.get_by_label("username").fill(name)
    page.get_by_label("password").fill(PASSWORD)
    page.get_by_role("button", name="Login").click()
    page.get_by_role("tab", name="Review").click()
    page.locator("#wb-grid tr[data-id]").first.wait_for()
    return context, page


def open_segment(page, number: int) -> None:
    page.locator("#wb-segment-number input").fill(str(number))
    page.locator("#wb-segment-number input").press("Enter")
    page.wait_for_function("document.activeElement === document.querySelector('#wb-target textarea')")


def test_two_accounts_see_each_others_names(browser, team_app):
    url, store, document = team_app
    li_context, li = sign_in(browser, url, "li")
    wang_context, wang = sign_in(browser, url, "wang")
    try:
        for page, name in ((li, "li"), (wang, "wang")):
            box = page.locator("#wb-reviewer input, #wb-reviewer textarea").first
            page.wait_for_function(
                "(n) => { const b = document.querySelector('#wb-reviewer input, #wb-reviewer textarea');"
                " return b && b.value === n; }",
                arg=name,
            )
            assert box.is_disabled()
        open_segment(li, 2)
        open_segment(wang, 2)  # both opened revision 0
        li.locator("#wb-target textarea").fill("Li's first sentence.")
        li.locator("#wb-save").click()
        li.locator("#wb-review-notice").get_by_text("Saved segment 2").wait_for()
        wang.locator("#wb-target textarea").fill("Wang's first sentence.")
        wang.locator("#wb-save").click()
        notice = wang.locator("#wb-review-notice")
        notice.get_by_text("Not saved").wait_for()
        assert "was saved by li after you opened it" in notice.inner_text()
        assert wang.locator("#wb-target textarea").input_value() == "Wang's first sentence."  # kept
        open_segment(wang, 2)  # reopened: Li's revision, then Wang saves on it
        wang.locator("#wb-target textarea").fill("Wang's first sentence.")
        wang.locator("#wb-save").click()
        wang.locator("#wb-review-notice").get_by_text("Saved segment 2").wait_for()
        open_segment(li, 2)
        li.get_by_role("tab", name="History").click()
        li.locator("#wb-history table.wb-history tbody tr").nth(1).wait_for()
        who = li.locator("#wb-history tbody tr td:nth-child(3)").all_inner_texts()
        assert who == ["wang", "li"]  # newest first
    finally:
        li_context.close()
        wang_context.close()
    segment = service.segment_at(store, document, 2)
    assert [h["author"] for h in service.history(store, segment)] == ["li", "wang"]


@pytest.fixture
def roles_app(tmp_path):
    """A project with an admin, a translator, a reviewer and a rater; segments 1-3 assigned to the
    translator and the reviewer."""
    from workbench.ui import launch

    store = Store(tmp_path / "roles.db")
    report = tmp_path / "r.txt"
    report.write_text("标题\n\n第一句话。第二句话。第三句话。\n\n第四句话。\n", "utf-8")
    document = service.import_document(store, report).document_id
    for name, role in [("ada", "admin"), ("wang", "translator"), ("li", "reviewer"), ("ras", "rater")]:
        teams.add_user(store, name, role, PASSWORD)
    with teams.acting_as("ada"):
        service.assign(store, document, "wang", "li", "1-3")
    port = free_port()
    app = launch(tmp_path / "roles.db", port=port, sample=None, prevent_thread_lock=True, quiet=True)
    try:
        yield f"http://127.0.0.1:{port}/", store, document
    finally:
        app.close()
        teams.set_actor_source(None)


@pytest.mark.slow
def test_a_translator_is_refused_approving_and_opens_on_my_work(browser, roles_app):
    url, store, document = roles_app
    context, page = sign_in(browser, url, "wang")
    try:
        counts = page.locator("#wb-my-work-counts")
        counts.wait_for()
        assert "My work here: 3 segments" in counts.inner_text() and "new 3" in counts.inner_text()
        assert page.locator("#wb-my-work input").is_checked()
        page.wait_for_function("document.querySelectorAll('#wb-grid tr[data-id]').length === 3")
        open_segment(page, 2)
        page.locator("#wb-target textarea").fill("Approved by a translator?")
        page.locator("#wb-approve-next").click()
        notice = page.locator("#wb-review-notice")
        notice.get_by_text("may not approve").wait_for()
        assert "wang (translator) may not approve: that needs the role reviewer" in notice.inner_text()
    finally:
        context.close()
    segment = service.segment_at(store, document, 2)
    assert service.history(store, segment) == []  # nothing saved
    with teams.acting_as("ada"):
        refusals = [e for e in teams.audit_entries(store, user="wang") if e["what"].startswith("refused")]
    assert [(e["action"], e["what"]) for e in refusals] == [("status:approved", "refused: needs reviewer")]


@pytest.mark.slow
def test_a_rater_sees_no_review_editor(browser, roles_app):
    url, _store, _document = roles_app
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.set_default_timeout(60_000)
    try:
        page.goto(url)
        page.get_by_label("username").fill("ras")
        page.get_by_label("password").fill(PASSWORD)
        page.get_by_role("button", name="Login").click()
        # a rater's page is the Rate tab: the other tabs (Review among them) are not shown
        page.get_by_role("tab", name="Rate").wait_for()
        page.wait_for_function(
            "[...document.querySelectorAll('button[role=tab]')].filter((b) => b.offsetParent !== null)"
            ".every((b) => b.innerText.trim() === 'Rate')"
        )
        assert not page.get_by_role("tab", name="Review").is_visible()
        assert not page.locator("#wb-editor").is_visible()
        assert page.locator("#wb-target textarea").count() == 0 or not page.locator("#wb-target textarea").is_visible()
        assert page.locator("#wb-grid tr[data-id]").count() == 0
    finally:
        context.close()

"""The app's named endpoints, driven from gradio_client against a running app."""

import pytest
from gradio_client import Client, handle_file

from workbench import service
from workbench.config import sample_report
from workbench.store import Store
from workbench.ui import launch
from workbench.ui.common import free_port


@pytest.fixture
def running_app(tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    port = free_port()
    db = tmp_path / "api.db"
    app = launch(db, port=port, sample=None, prevent_thread_lock=True)
    yield Client(f"http://127.0.0.1:{port}/", verbose=False), Store(db)
    app.close()


@pytest.mark.slow
def test_named_endpoints_drive_the_workbench(running_app, tiny_model, tmp_path):
    client, store = running_app
    document, notice = client.predict(handle_file(str(sample_report())), "", "", api_name="/import_document")
    assert "Imported" in notice and "78 segments" in notice
    document = service.list_documents(store)[0]["id"]
    done = client.predict("marian", str(tiny_model), 1, "roman", False, api_name="/translate")
    assert "Translated 78 of 78" in done
    page = client.predict(document, 1, 10, "", api_name="/page_segments")
    assert page["total"] == 78 and len(page["rows"]) == 10
    row = page["rows"][2]
    saved = client.predict(
        row["id"], "Edited through the API.", "reviewed", 90, "fine", "Li", row["revision"], api_name="/save_segment"
    )
    assert saved["saved"] and saved["revision"] == row["revision"] + 1
    stale = client.predict(
        row["id"], "A stale edit.", "reviewed", None, "", "Wang", row["revision"], api_name="/save_segment"
    )
    assert stale["saved"] is False and stale["conflict"] and stale["current_text"] == "Edited through the API."
    path, message = client.predict("tmx", "all", None, True, False, api_name="/export")
    assert "Exported 1 segments" in message  # a TMX holds the reviewed segment ...
    path, message = client.predict("tmx", "all", None, True, True, api_name="/export")
    assert "Exported 78 segments" in message  # ... and, when asked, the 77 MT drafts
    assert "Edited through the API." in open(path, encoding="utf-8").read()
    assert service.segment_detail(store, row["id"])["score"] == 90


def test_import_refuses_binary_with_a_notice(running_app, tmp_path):
    client, store = running_app
    (tmp_path / "pic.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    document, notice = client.predict(handle_file(str(tmp_path / "pic.txt")), "", "", api_name="/import_document")
    assert "not a text file, it is a PNG image" in notice and service.list_documents(store) == []


@pytest.mark.slow
def test_optional_login(tmp_path, cli):
    import urllib.error
    import urllib.request

    from gradio_client.exceptions import AuthenticationError

    from workbench.ui.common import free_port

    port = free_port()
    app = launch(
        tmp_path / "auth.db", port=port, sample=None, prevent_thread_lock=True, quiet=True, auth=("li", "secret")
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(url + "config", timeout=10)
        assert err.value.code == 401
        with pytest.raises(AuthenticationError):
            Client(url, verbose=False)
        client = Client(url, auth=("li", "secret"), verbose=False)
        assert "Imported" in client.predict(None, "你好。", "", api_name="/import_document")[1]
    finally:
        app.close()
    bad = cli("serve", "--project", tmp_path / "x.db", "--auth", "nopassword", "--no-sample")
    assert bad.returncode == 2 and "--auth needs USER:PASSWORD" in bad.stderr

"""`model install` against a local stand-in of the Hugging Face hub on 127.0.0.1 (HF_ENDPOINT),
serving the tiny model: install, an interrupted download that resumes, a damaged file that is
detected; and the first run: offline, one line on how to import a copied folder."""

import hashlib
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from workbench.config import sample_report
from workbench.errors import WorkbenchError
from workbench.mt import load_engine
from workbench.mt.models import hub_reachable, install_model, models_dir

REPO = "Helsinki-NLP/opus-mt-zh-en"
COMMIT = "0123456789abcdef0123456789abcdef01234567"


def git_sha1(data: bytes) -> str:
    return hashlib.sha1(f"blob {len(data)}\0".encode() + data).hexdigest()


class Hub:
    """The endpoints snapshot_download uses: the revision's file list, and each file with its
    ETag (SHA-256 for large files, as LFS does; git blob SHA-1 for small ones), HEAD and ranged GET."""

    def __init__(self, folder: Path):
        self.files = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
        self.requests: list[tuple[str, str, str | None]] = []
        self.cut_once: set[str] = set()  # first GET of these stops half-way (connection dropped)
        self.damage: set[str] = set()  # these are served with one byte changed, same size
        hub = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_HEAD(self):
                hub.serve(self, body=False)

            def do_GET(self):
                hub.serve(self, body=True)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def etag(self, name: str) -> str:
        data = self.files[name]
        return hashlib.sha256(data).hexdigest() if name.endswith(".safetensors") else git_sha1(data)

    def serve(self, request, body: bool) -> None:
        path = request.path.split("?")[0]
        self.requests.append((request.command, path, request.headers.get("Range")))
        if path.startswith(f"/api/models/{REPO}/revision/"):
            payload = json.dumps(
                {
                    "id": REPO,
                    "modelId": REPO,
                    "sha": COMMIT,
                    "private": False,
                    "disabled": False,
                    "gated": False,
                    "siblings": [{"rfilename": n} for n in sorted(self.files)],
                }
            ).encode()
            return self.reply(request, 200, {"Content-Type": "application/json"}, payload, body)
        if path.startswith(f"/api/models/{REPO}/tree/"):
            entries = [
                {
                    "type": "file",
                    "path": n,
                    "size": len(d),
                    "oid": git_sha1(d),
                    **(
                        {"lfs": {"oid": self.etag(n), "size": len(d), "pointerSize": 134}}
                        if n.endswith(".safetensors")
                        else {}
                    ),
                }
                for n, d in sorted(self.files.items())
            ]
            return self.reply(request, 200, {"Content-Type": "application/json"}, json.dumps(entries).encode(), body)
        prefix = f"/{REPO}/resolve/"
        name = path[len(prefix) :].split("/", 1)[1] if path.startswith(prefix) else None
        if name not in self.files:
            return self.reply(request, 404, {"X-Error-Code": "EntryNotFound"}, b"not found", body)
        data = self.files[name]
        if name in self.damage:
            data = bytes([data[0] ^ 0xFF]) + data[1:]
        headers = {"X-Repo-Commit": COMMIT, "ETag": f'"{self.etag(name)}"', "Accept-Ranges": "bytes"}
        if name.endswith(".safetensors"):
            headers.update({"X-Linked-Etag": f'"{self.etag(name)}"', "X-Linked-Size": str(len(data))})
        start = 0
        if request.headers.get("Range", "").startswith("bytes="):
            start = int(request.headers["Range"][6:].split("-")[0])
            headers["Content-Range"] = f"bytes {start}-{len(data) - 1}/{len(data)}"
        if body and request.command == "GET" and name in self.cut_once:
            self.cut_once.discard(name)
            request.send_response(206 if start else 200)
            for k, v in {**headers, "Content-Length": str(len(data) - start)}.items():
                request.send_header(k, v)
            request.end_headers()
            request.wfile.write(data[start : start + (len(data) - start) // 2])
            request.wfile.flush()
            request.close_connection = True
            request.connection.shutdown(2)
            return
        self.reply(request, 206 if start else 200, headers, data[start:], body)

    def reply(self, request, status, headers, payload, body):
        request.send_response(status)
        for k, v in {**headers, "Content-Length": str(len(payload))}.items():
            request.send_header(k, v)
        request.end_headers()
        if body and request.command == "GET":
            request.wfile.write(payload)

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def hub(tiny_model, monkeypatch, tmp_path):
    from huggingface_hub import constants

    server = Hub(tiny_model)
    monkeypatch.setenv("HF_ENDPOINT", server.url)
    monkeypatch.setattr(constants, "ENDPOINT", server.url)  # read at import: set what the client uses now
    monkeypatch.setattr(
        constants, "HUGGINGFACE_CO_URL_TEMPLATE", server.url + "/{repo_id}/resolve/{revision}/{filename}"
    )
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf-home"))
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    yield server
    server.close()


def test_install_from_the_hub_then_translate(hub, tiny_model):
    assert hub_reachable()
    folder = install_model(REPO)
    assert folder == models_dir() / "Helsinki-NLP--opus-mt-zh-en" / "hf"
    for name in ("config.json", "model.safetensors", "source.spm", "target.spm", "vocab.json"):
        assert (folder / name).read_bytes() == (tiny_model / name).read_bytes()
    engine = load_engine("marian", REPO)  # found by its hub id, no network needed any more
    assert engine.translate(["加强基层组织建设。"])[0]


def test_an_interrupted_download_resumes_where_it_stopped(hub, tiny_model):
    hub.cut_once.add("model.safetensors")
    with pytest.raises(
        WorkbenchError,
        match="download of model.safetensors was interrupted after .* run the same command again to continue",
    ):
        install_model(REPO)
    folder = models_dir() / "Helsinki-NLP--opus-mt-zh-en" / "hf"
    kept = (folder / "model.safetensors.partial").stat().st_size
    assert 0 < kept < (tiny_model / "model.safetensors").stat().st_size and not (folder / "model.safetensors").exists()
    install_model(REPO)
    assert (folder / "model.safetensors").read_bytes() == (tiny_model / "model.safetensors").read_bytes()
    assert not (folder / "model.safetensors.partial").exists()
    gets = [r[2] for r in hub.requests if r[0] == "GET" and r[1].endswith("/model.safetensors")]
    assert gets == [None, f"bytes={kept}-"]  # the second run asked only for the rest
    others = [r for r in hub.requests if r[0] == "GET" and r[1].endswith("/config.json")]
    assert len(others) == 1  # finished files are not fetched again


def test_a_damaged_file_is_detected_and_removed(hub, tiny_model):
    hub.damage.add("model.safetensors")
    with pytest.raises(WorkbenchError, match=r"model.safetensors arrived damaged \(checksum mismatch\)"):
        install_model(REPO)
    folder = models_dir() / "Helsinki-NLP--opus-mt-zh-en" / "hf"
    assert not (folder / "model.safetensors").exists() and (folder / "config.json").exists()
    hub.damage.clear()  # the next run downloads it again, whole and right
    install_model(REPO)
    assert (folder / "model.safetensors").read_bytes() == (tiny_model / "model.safetensors").read_bytes()


def test_damage_in_a_small_file_is_detected_too(hub):
    hub.damage.add("vocab.json")
    with pytest.raises(WorkbenchError, match="vocab.json arrived damaged"):
        install_model(REPO)


def test_first_translate_installs_the_missing_model_when_asked(hub, cli, tmp_path):
    db = tmp_path / "p.db"
    env = {"HF_ENDPOINT": hub.url, "HF_HOME": str(tmp_path / "hf-home")}
    assert cli("import", sample_report(), "--project", db).returncode == 0
    refused = cli("translate", "--project", db, "--beams", "1", "--max-length", "8", env=env)  # no terminal to ask on
    assert refused.returncode == 2 and "workbench model install" in refused.stderr
    result = cli("translate", "--project", db, "--install-model", "--beams", "1", "--max-length", "8", env=env)
    assert result.returncode == 0, result.stderr
    assert "installed Helsinki-NLP/opus-mt-zh-en" in result.stderr and "translated 78 of 78 segments" in result.stdout


def test_offline_first_run_says_how_to_import_a_copied_folder(cli, tmp_path):
    db = tmp_path / "p.db"
    assert cli("import", sample_report(), "--project", db).returncode == 0
    closed = f"http://127.0.0.1:{free_port()}"
    result = cli("translate", "--project", db, "--install-model", env={"HF_ENDPOINT": closed})
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 2 and len(lines) == 1 and "Traceback" not in result.stderr
    assert "cannot be reached" in lines[0]
    assert "workbench model import DIR --name Helsinki-NLP/opus-mt-zh-en" in lines[0]


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_the_translate_tab_asks_then_installs_from_the_hub_and_translates(hub, tmp_path):
    """In the app a missing model is installed only when the user presses Install; then it translates."""
    from workbench import service
    from workbench.ui.app import TranslateTab

    store = service.Store(tmp_path / "app.db")
    service.import_document(store, sample_report())
    tab = TranslateTab(store)
    asked = tab.translate("marian", "", 1, "roman", progress=lambda *a, **k: None)
    assert "is not installed. The model hub answers\\: open \u201cInstall or import a model\u201d" in asked
    assert not (models_dir() / "Helsinki-NLP--opus-mt-zh-en").exists()  # nothing downloaded without asking
    _, installed = tab.install_model("", progress=lambda *a, **k: None)
    assert f"Installed {REPO}" in installed and (models_dir() / "Helsinki-NLP--opus-mt-zh-en" / "hf").is_dir()
    done = tab.translate("marian", REPO, 1, "roman", progress=lambda *a, **k: None)
    assert "Translated 78 of 78 segments" in done


def test_the_translate_tab_offline_points_to_the_import_panel_right_there(tmp_path, monkeypatch):
    """Issue 23, item 5: the app's missing-model message names the "Install or import a model"
    panel of the Translate tab (and its "Import model" button), not only a terminal command."""
    from workbench import service
    from workbench.ui.app import TranslateTab, point_to_model_panel

    monkeypatch.setenv("HF_ENDPOINT", f"http://127.0.0.1:{free_port()}")  # nothing listens: offline
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    store = service.Store(tmp_path / "app.db")
    service.import_document(store, sample_report())
    said = TranslateTab(store).translate("marian", "", 1, "roman", progress=lambda *a, **k: None)
    plain = said.replace("\\", "")
    assert "cannot be reached" in plain and "open \u201cInstall or import a model\u201d below" in plain, plain
    assert "press \u201cImport model\u201d" in plain and "workbench model import DIR --name" in plain
    # a message from deeper down that only names the command gets the panel added
    told = point_to_model_panel("model x is not installed: run `workbench model import DIR`")
    assert told.endswith(
        "open \u201cInstall or import a model\u201d below, give the copied folder and press \u201cImport model\u201d"
    )
    assert point_to_model_panel("no such document") == "no such document"

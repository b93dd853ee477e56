"""The REST API, ``/api/v1/``: a FastAPI application mounted on the one Gradio runs on (no second
web stack), calling the service layer like the app does.

Auth: a project with accounts needs ``Authorization: Bearer TOKEN`` (``workbench user token
NAME``) on every request; the token's account acts, its role is checked by the service layer
(403 when it may not), and it is the author of what it saves. A project without accounts needs
no token (the Host and Origin checks of :mod:`.hosts` protect it, as they protect the app).
Every error is ``{"error": MESSAGE}``; a stale ``base_revision`` is ``409`` with ``"current"``,
the segment as it is now. The schema is at ``/api/v1/openapi.json``.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException

from .. import service
from ..errors import ConflictError, WorkbenchError
from ..service import teams

PREFIX = "/api/v1"
MAX_LIMIT = 500


class SegmentSave(BaseModel):
    """A save of one segment: its new text, optionally a status, a score (0-100) and a comment;
    ``base_revision`` is the revision the text was based on (a newer one there: 409)."""

    model_config = ConfigDict(extra="forbid")
    target: str
    base_revision: int = Field(ge=0)
    status: str | None = None
    score: float | None = None
    comment: str = ""
    #: who saves, in a project without accounts (with accounts the token's account is the author)
    author: str = ""


class Failure(Exception):
    def __init__(self, status: int, message: str, **extra: Any):
        super().__init__(message)
        self.status, self.message, self.extra = status, message, extra


def _error(status: int, message: str, **extra: Any) -> JSONResponse:
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse({"error": message, **extra}, status_code=status, headers=headers)


def build_api(store: service.Store) -> FastAPI:
    """The API over ``store``: mount it at :data:`PREFIX` (``app.mount(PREFIX, build_api(store))``)."""
    api = FastAPI(
        title="Translation workbench API",
        version="1",
        openapi_url="/openapi.json",
        docs_url=None,  # the interactive pages load scripts from the internet; the schema is enough
        redoc_url=None,
    )

    @api.exception_handler(Failure)
    async def failure(_request, exc: Failure):
        return _error(exc.status, exc.message, **exc.extra)

    @api.exception_handler(HTTPException)
    async def http_error(_request, exc: HTTPException):
        return _error(exc.status_code, str(exc.detail))

    @api.exception_handler(RequestValidationError)
    async def bad_request(_request, exc: RequestValidationError):
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e.get('loc', ()) if p != 'body') or 'body'}: {e.get('msg', '')}"
            for e in exc.errors()
        )
        return _error(400, f"bad request: {problems}")

    def actor(request: Request) -> teams.Actor | None:
        """The account of the bearer token; None in a project without accounts."""
        if not teams.accounts_on(store):
            return None
        header = request.headers.get("authorization", "")
        scheme, _, token = header.partition(" ")
        if not header:
            raise Failure(401, "this project has accounts: send Authorization: Bearer TOKEN (workbench user token)")
        if scheme.lower() != "bearer" or not token.strip():
            raise Failure(401, "malformed Authorization header: use Authorization: Bearer TOKEN")
        try:
            return teams.token_account(store, token)
        except teams.LoginRequired as exc:
            raise Failure(401, str(exc)) from None

    def run(request: Request, call, *args, who: teams.Actor | None | bool = False, **kwargs):
        """``call`` as the request's account (``who``, when known already), its refusals as HTTP errors."""
        if who is False:
            who = actor(request)
        try:
            with teams.acting_as(who):
                return call(*args, **kwargs)
        except ConflictError:
            raise
        except teams.LoginRequired as exc:
            raise Failure(401, str(exc)) from None
        except teams.RoleError as exc:
            raise Failure(403, str(exc)) from None
        except WorkbenchError as exc:
            raise Failure(400, str(exc)) from None

    def document_of(document: int) -> dict:
        for d in service.list_documents(store):
            if d["id"] == document:
                return d
        raise Failure(404, f"no document with id {document}")

    def segment_id(document: int, number: int) -> int:
        found = service.segment_at(store, document, number)
        if found is None:
            document_of(document)  # 404 for the document first (listing them costs: only when needed)
            raise Failure(404, f"document {document} has no segment {number}")
        return found

    @api.get("/documents", summary="The project's documents")
    def documents(request: Request) -> dict:
        rows = run(request, service.list_documents, store)
        return {"documents": [dict(id=d["id"], title=d["title"], segments=d["segments"]) for d in rows]}

    @api.get("/documents/{document}/segments", summary="A page of a document's segments")
    def segments(
        request: Request,
        document: int,
        offset: int = Query(0, ge=0),
        limit: int = Query(50, ge=1, le=MAX_LIMIT),
        status: str | None = Query(None),
    ) -> dict:
        def page():
            document_of(document)
            return service.review_page(store, document, offset, limit, status or None)

        total, rows = run(request, page)
        return {
            "total": total,
            "segments": [
                dict(
                    number=r["position"],
                    source=r["source"],
                    target=r["target"],
                    status=r["status"],
                    revision=r["revision"],
                    author=r["updated_by"],
                )
                for r in rows
            ],
        }

    @api.get("/documents/{document}/segments/{number}", summary="One segment with its history")
    def segment(request: Request, document: int, number: int) -> dict:
        return run(request, lambda: service.segment_state(store, segment_id(document, number)))

    def saver(request: Request) -> teams.Actor | None:
        """:func:`actor` for a save, one query cheaper: without a token the save's own role check
        (in its unit of work) finds whether the project has accounts (a save needs an account there)."""
        if not request.headers.get("authorization"):
            return None
        return actor(request)

    @api.put("/documents/{document}/segments/{number}", summary="Save a segment (refused as 409 on a stale base)")
    def save(request: Request, document: int, number: int, body: SegmentSave) -> dict:
        who = saver(request)

        def do():
            # one unit of work: the role check (before anything), the save, the segment as it is now
            state = service.save_segment_at(
                store,
                document,
                number,
                body.target,
                body.status or None,
                body.author or "api",
                body.base_revision,
                score=body.score,
                comment=body.comment or "",
            )
            if state is None:
                document_of(document)
                raise Failure(404, f"document {document} has no segment {number}")
            return state

        try:
            state = run(request, do, who=who)
        except Failure as exc:
            if exc.status == 401 and who is None:  # no token in a project with accounts
                actor(request)  # says so as every route does
            raise
        except ConflictError as exc:
            current = run(request, lambda: service.segment_state(store, segment_id(document, number)), who=who)
            raise Failure(409, str(exc), current=current) from None
        return JSONResponse(state)  # built here: no second validation of the answer

    return api


class ApiFirst:
    """ASGI: requests under :data:`PREFIX` go straight to the API, past Gradio's own middleware
    (CORS, Brotli compression) that the API does not need and that costs CPU time on every save;
    everything else goes on to Gradio. (The Host and Origin guard stays in front of both.)"""

    def __init__(self, app, api):
        self.app, self.api = app, api

    async def __call__(self, scope, receive, send):
        path = scope.get("path", "") if scope["type"] == "http" else ""
        if path == PREFIX or path.startswith(PREFIX + "/"):
            await self.api({**scope, "root_path": scope.get("root_path", "") + PREFIX}, receive, send)
        else:
            await self.app(scope, receive, send)


def mount(app, store: service.Store) -> None:
    """Mount the API on Gradio's FastAPI application ``app`` at :data:`PREFIX`: as a route (in
    front of Gradio's), and in front of the application's middleware (:class:`ApiFirst`)."""
    from starlette.routing import Mount

    api = build_api(store)
    app.router.routes.insert(0, Mount(PREFIX, app=api))
    if app.middleware_stack is not None and not isinstance(app.middleware_stack, ApiFirst):
        app.middleware_stack = ApiFirst(app.middleware_stack, api)

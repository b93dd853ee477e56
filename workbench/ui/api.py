"""Endpoints for scripts (gradio_client) that have no widget of their own."""

from __future__ import annotations

import gradio as gr

from .. import service
from ..errors import ConflictError, WorkbenchError

#: How many saves or page reads may run at once (each holds a worker thread).
CONCURRENT_REQUESTS = 32


def register(store: service.Store) -> None:
    """Call inside a gr.Blocks context: adds /save_segment and /page_segments."""

    def save_segment(
        segment_id: int,
        target: str,
        status: str = "",
        score: float | None = None,
        comment: str = "",
        reviewer: str = "",
        base_revision: int | None = None,
    ) -> dict:
        """Save one segment's post-edit, status and (optional) score and comment in one transaction:
        all or nothing, refused as a conflict if base_revision is outdated."""
        try:
            result = service.save_review(
                store,
                int(segment_id),
                target,
                status or None,
                reviewer,
                base_revision,
                score=score,
                comment=comment or "",
            )
        except ConflictError as exc:
            return {
                "saved": False,
                "conflict": True,
                "message": str(exc),
                "current_text": exc.current_text,
                "current_revision": exc.current_revision,
            }
        except WorkbenchError as exc:
            return {"saved": False, "conflict": False, "message": str(exc)}
        except (TypeError, ValueError) as exc:
            return {"saved": False, "conflict": False, "message": f"bad request: {exc}"}
        return {"saved": True, **result}

    def page_segments(document_id: int, page: int = 1, page_size: int = 50, status: str = "") -> dict:
        """One page of a document's segments with their translations and QA flags."""
        try:
            total, rows = service.review_page(
                store, int(document_id), (max(1, int(page)) - 1) * int(page_size), int(page_size), status or None
            )
        except WorkbenchError as exc:
            return {"total": 0, "rows": [], "message": str(exc)}
        return {"total": total, "rows": rows}

    # Saves and reads run concurrently (Gradio's queue runs one event at a time unless told
    # otherwise); the database serialises the writes.
    gr.api(save_segment, api_name="save_segment", concurrency_limit=CONCURRENT_REQUESTS)
    gr.api(page_segments, api_name="page_segments", concurrency_limit=CONCURRENT_REQUESTS)

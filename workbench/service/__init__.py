"""Use-cases over the project store. The CLI and the UI call these and nothing below them.

Each function opens its own unit of work, so every call is saved when it returns.
"""

from ..consistency import KINDS as CONSISTENCY_KINDS
from ..formats import EXPORT_FORMATS
from ..formats.output import check_output_folder, safe_file_name
from ..ingest import load_rules
from ..mt import DEFAULT_MODEL, ENGINES, TranslateSettings
from ..segment import SegmentOptions
from ..store import Store
from ..tm import BAND_LABELS, BANDS
from .alignment import (
    AlignmentResult,
    align_reference,
    alignment_beads,
    bead_texts,
    confirm_above,
    edit_alignment,
    export_alignment,
    glossary_candidates,
)
from .campaign_rating import MQM_TYPOLOGY as CAMPAIGN_MQM_CATEGORIES
from .campaign_rating import (
    campaign_names,
    campaign_tasks,
    create_campaign,
    next_item,
    rater_campaigns,
    rater_progress,
    read_manifest,
    submit_rating,
)
from .campaign_report import write_report as write_campaign_report
from .campaigns import CampaignImport, campaign_scores, campaign_status, export_campaign, import_campaign
from .consistency import ConsistencyReport, consistency_report
from .corpus import translate_corpus
from .documents import (
    ImportResult,
    import_document,
    list_documents,
    prepare_file,
    removed_lines,
    resegment,
    restore_lines,
    segment_options,
    segment_rows,
)
from .engine_pool import open_engine, read_api_key
from .exchange import MergeReport, OmegaTExport, export_omegat, export_project, export_rows, merge_file
from .files import (
    AlignedPair,
    align_files,
    enforced_glossary,
    match_file,
    read_terms,
    read_text_lines,
    segment_file,
)
from .glossaries import (
    GlossaryImport,
    GlossaryReport,
    check_project,
    delete_term,
    export_glossary,
    import_glossary,
    list_glossaries,
    match_lines,
    project_glossary_version,
    project_terms,
    save_term,
    search_terms,
)
from .login import read_login_file
from .lqa import document_scorecard, export_scorecard
from .models import convert_model, import_model, install_model, installed_models, models_folder
from .projects import DEFAULT_PROJECT, get_project
from .reading import read_bilingual, read_glossary
from .replace import PLACES as REPLACE_PLACES
from .replace import ReplaceReport, find_replace
from .review import (
    MQM_CATEGORIES,
    SEVERITIES,
    assess,
    history,
    neighbour,
    restore_revision,
    review_page,
    save_edit,
    save_review,
    save_segment_at,
    segment_at,
    segment_detail,
    segment_state,
)
from .statistics import metrics
from .steps import UndoReport, list_steps, undo_step
from .tm import TmxImport, analyze, concordance, export_tmx, import_tmx, list_memories, lookup, pretranslate, tm_matches
from .translation import TranslateReport, translate_lines, translate_project

__all__ = [
    "document_scorecard",
    "export_scorecard",
    "CONSISTENCY_KINDS",
    "ConsistencyReport",
    "consistency_report",
    "check_output_folder",
    "safe_file_name",
    "REPLACE_PLACES",
    "ReplaceReport",
    "find_replace",
    "UndoReport",
    "list_steps",
    "undo_step",
    "AlignmentResult",
    "align_reference",
    "alignment_beads",
    "bead_texts",
    "confirm_above",
    "edit_alignment",
    "export_alignment",
    "glossary_candidates",
    "MQM_CATEGORIES",
    "SEVERITIES",
    "MergeReport",
    "OmegaTExport",
    "assess",
    "export_project",
    "export_rows",
    "history",
    "merge_file",
    "metrics",
    "neighbour",
    "restore_revision",
    "review_page",
    "save_edit",
    "save_review",
    "save_segment_at",
    "segment_at",
    "segment_detail",
    "segment_state",
    "DEFAULT_PROJECT",
    "GlossaryImport",
    "GlossaryReport",
    "ImportResult",
    "TranslateReport",
    "check_project",
    "delete_term",
    "export_glossary",
    "get_project",
    "import_document",
    "import_glossary",
    "list_documents",
    "list_glossaries",
    "match_lines",
    "prepare_file",
    "project_glossary_version",
    "project_terms",
    "removed_lines",
    "resegment",
    "restore_lines",
    "save_term",
    "search_terms",
    "segment_options",
    "segment_rows",
    "translate_lines",
    "translate_project",
    "export_omegat",
    "TmxImport",
    "analyze",
    "concordance",
    "export_tmx",
    "import_tmx",
    "list_memories",
    "lookup",
    "pretranslate",
    "tm_matches",
    # for the command line: file use-cases, engines and models, and the types and choices its options need
    "AlignedPair",
    "align_files",
    "enforced_glossary",
    "match_file",
    "read_api_key",
    "read_bilingual",
    "read_glossary",
    "read_terms",
    "read_text_lines",
    "segment_file",
    "translate_corpus",
    "open_engine",
    "read_login_file",
    "load_rules",
    "convert_model",
    "import_model",
    "install_model",
    "installed_models",
    "models_folder",
    "BAND_LABELS",
    "BANDS",
    "DEFAULT_MODEL",
    "ENGINES",
    "EXPORT_FORMATS",
    "SegmentOptions",
    "Store",
    "TranslateSettings",
]

from .assignments import assign, list_assignments, my_work, work_by_person  # noqa: E402
from .engines import (  # noqa: E402
    ENGINE_DEFAULTS,
    check_engine_settings,
    engine_settings,
    get_engine,
    llm_options,
    save_engine_settings,
)
from .grid import (  # noqa: E402
    ANY,
    MATCH_BANDS,
    NO_MATCH,
    PROGRESS_ORDER,
    GridFilter,
    adjacent,
    latest_assessments,
    page_of,
    progress,
)

__all__ += [
    "ANY",
    "MATCH_BANDS",
    "NO_MATCH",
    "PROGRESS_ORDER",
    "GridFilter",
    "adjacent",
    "assign",
    "get_engine",
    "ENGINE_DEFAULTS",
    "check_engine_settings",
    "engine_settings",
    "llm_options",
    "save_engine_settings",
    "list_assignments",
    "my_work",
    "work_by_person",
    "latest_assessments",
    "page_of",
    "progress",
]

# What the app needs from the rest of the service layer, and the few names from below it that
# the UI shows (choices, limits) or types with, so that the UI imports nothing but the service.
from ..glossary.model import join_values  # noqa: E402
from ..ingest import MAX_BYTES  # noqa: E402
from ..qa import CHECKS as QA_CHECKS  # noqa: E402
from ..qa import describe as describe_checks  # noqa: E402
from ..store import STATUSES  # noqa: E402
from .documents import import_upload, source_from_upload  # noqa: E402
from .glossaries import glossary_matcher, term_from_fields  # noqa: E402

__all__ += [
    "MAX_BYTES",
    "QA_CHECKS",
    "STATUSES",
    "describe_checks",
    "glossary_matcher",
    "import_upload",
    "join_values",
    "source_from_upload",
    "term_from_fields",
]
__all__ += ["CampaignImport", "campaign_scores", "campaign_status", "export_campaign", "import_campaign"]
__all__ += [
    "CAMPAIGN_MQM_CATEGORIES",
    "campaign_names",
    "campaign_tasks",
    "create_campaign",
    "next_item",
    "rater_campaigns",
    "rater_progress",
    "read_manifest",
    "submit_rating",
    "write_campaign_report",
]

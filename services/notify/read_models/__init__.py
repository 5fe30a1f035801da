"""Read models of notify, built from its own event log and rebuildable at any time."""

from services.notify.read_models.projection import apply
from services.notify.read_models.queries import (
    checkpoints_published,
    correlation_of,
    deadlines_due_between,
    delivery_counts,
    due_notices,
    failed_deliveries,
    inbox,
    notice,
    notices_of_unit,
    publication,
    publications_page,
)
from services.notify.read_models.tables import metadata

__all__ = [
    "apply",
    "checkpoints_published",
    "correlation_of",
    "deadlines_due_between",
    "delivery_counts",
    "due_notices",
    "failed_deliveries",
    "inbox",
    "metadata",
    "notice",
    "notices_of_unit",
    "publication",
    "publications_page",
]

"""Every publicity write (STYLE.md: services own their transactions)."""

from .articles import (
    EDITABLE,
    article_admin_save,
    article_approve,
    article_create,
    article_image_add,
    article_record_view,
    article_return,
    article_submit,
    article_unpublish,
    article_update,
    can_edit,
)
from .exemplars import exemplar_save, exemplar_set_published
from .submissions import adoption_delete, adoption_record, submission_create

__all__ = [
    "EDITABLE",
    "adoption_delete",
    "adoption_record",
    "article_admin_save",
    "article_approve",
    "article_create",
    "article_image_add",
    "article_record_view",
    "article_return",
    "article_submit",
    "article_unpublish",
    "article_update",
    "can_edit",
    "exemplar_save",
    "exemplar_set_published",
    "submission_create",
]

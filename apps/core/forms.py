"""Form helpers shared by every app."""

from django.core.exceptions import ValidationError


def errors_into_form(form, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form it came from: each message under its field
    when the form has that field, else at the top of the form (non-field errors). The one
    mapping of the portal; views call it in `except ValidationError as exc:`."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            target = name if name in form.fields else None
            for error in errors:
                form.add_error(target, error)
    else:
        for error in exc.error_list:
            form.add_error(None, error)

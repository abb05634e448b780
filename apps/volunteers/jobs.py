from apps.core.jobs import register_job

from .services import volunteers_deactivate_deceased

register_job("volunteers_deactivate_deceased", volunteers_deactivate_deceased, order=50)

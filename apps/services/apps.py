from django.apps import AppConfig


class ServicesConfig(AppConfig):
    """Migrations only. The services app was split into apps.visits, apps.subsidies and
    apps.casework (issue 15); their models keep the services_* tables, moved in state by
    SeparateDatabaseAndState (visits/subsidies/casework 0001, services 0007). The app stays
    installed so that its migration history (0001-0007, including the data migrations that seed
    the visit rules and subsidy types) stays in the graph: an existing database migrates in place
    and a new one is built by the same steps. It has no models, views or code; do not add any."""

    name = "apps.services"
    label = "services"
    verbose_name = "精准服务（迁移记录）"

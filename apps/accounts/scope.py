"""The one scope rule (DESIGN.md, "Who uses it"). Every `visible_to(user)` calls `scope_q`.

- bureau staff, district staff, leadership: their org unit's subtree (path prefix);
- branch secretaries: the branches they are secretary of;
- volunteer-team leaders: the teams they lead;
- retired cadres: rows whose cadre is their own (`cadre` path, via cadreside's CadreAccount);
- family proxies: rows of the cadres they currently act for (active ProxyGrant);
- superusers: everything; anyone else (anonymous, inactive, no role): nothing.

A model passes the lookup paths from itself to each anchor; a role whose anchor the model does
not have sees nothing of it. "Missing" and "not yours" are the same answer: not in the queryset,
so a lookup through `visible_to` gives 404.
"""

from django.db.models import Q

NOTHING = Q(pk__in=[])

UNIT_ROLES = ("bureau_staff", "district_staff", "leadership")


def _join(prefix: str, field: str) -> str:
    return f"{prefix}__{field}" if prefix else field


def scope_q(
    user,
    *,
    unit: str | None,
    branch: str | None = None,
    team: str | None = None,
    branch_filter: dict | None = None,
    team_filter: dict | None = None,
    cadre: str | None = None,
    cadre_filter: dict | None = None,
) -> Q:
    """Q for the rows of a model `user` may see.

    unit:   path from the model to its OrgUnit ("" for OrgUnit itself), None if it has none;
    branch: path to a PartyBranch (secretaries), None if the model has none;
    team:   path to a VolunteerTeam (team leaders), None if the model has none;
    cadre:  path to a Cadre (retired cadres and family proxies), None: they see nothing of it;
    branch_filter / team_filter / cadre_filter: extra conditions on the same join, e.g. only active memberships.
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return NOTHING
    if user.is_superuser:
        return Q()
    role = user.role
    if role in UNIT_ROLES:
        if unit is None or user.unit_id is None:
            return NOTHING
        return Q(**{_join(unit, "path__startswith"): user.unit.path})
    if role == "secretary" and branch is not None:
        return Q(**{_join(branch, "secretary"): user}, **(branch_filter or {}))
    if role == "team_leader" and team is not None:
        return Q(**{_join(team, "leader"): user}, **(team_filter or {}))
    if role == "cadre" and cadre is not None:
        return Q(**{_join(cadre, "cadre_account__user"): user}, **(cadre_filter or {}))
    if role == "family" and cadre is not None:
        # The link lives in apps/cadreside (ProxyGrant, related_name "proxy_grants"); one active
        # grant per (user, cadre) is a constraint there, so this join never repeats a row.
        return Q(
            **{
                _join(cadre, "proxy_grants__user"): user,
                _join(cadre, "proxy_grants__revoked_at__isnull"): True,
            },
            **(cadre_filter or {}),
        )
    return NOTHING

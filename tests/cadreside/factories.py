from apps.cadreside import services
from tests.factories import CadreFactory


def cadre_user(cadre=None, username="cadre_u"):
    cadre = cadre or CadreFactory()
    return services.cadre_account_create(cadre=cadre, username=username), cadre


def family_user(cadre, username="family_u", by=None):
    grant = services.proxy_grant_create(
        cadre=cadre, username=username, full_name="家属", relation="子女", by=by
    )
    return grant.user, grant

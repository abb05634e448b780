from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from . import font, services
from .access import CADRE_SIDE, UNIT_STAFF, role_required
from .forms import LoginForm, PortalPasswordChangeForm
from .models import User
from .personal_access import client_ip


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


class PasswordChangeView(auth_views.PasswordChangeView):
    """Every signed-in user, whatever the role, changes their own password here (the view is
    login_required and keeps the session signed in afterwards)."""

    template_name = "accounts/password_change.html"
    form_class = PortalPasswordChangeForm
    success_url = reverse_lazy("core:home")

    def form_valid(self, form):
        response = super().form_valid(form)
        services.password_changed(user=form.user)
        messages.success(self.request, "密码已修改，下次登录请使用新密码。")
        return response


@require_POST
def font_switch(request):
    """The 大字 switch (every page's header): `large` = 1 or 0. A script posts it and flips the
    page's class in place (204); without scripts the form posts and the page comes back."""
    large = request.POST.get("large") == "1"
    if request.headers.get("X-Requested-With") == "fetch":
        response = HttpResponse(status=204)
    else:
        target = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            target = "/"
        response = HttpResponseRedirect(target)
    font.remember(request, response, large=large)
    return response


# Open on the cadre side too (the mark apps.cadres.acting.cadre_side_required sets; accounts sits
# below cadres and cannot import it): a cadre switches 大字 off and on like anyone.
font_switch.cadre_side = True


@role_required(UNIT_STAFF)
def user_list(request):
    """Staff find the user who called (忘记密码 → 找工作人员): the users of their unit's subtree,
    by name or login name."""
    users = (
        User.objects.visible_to(request.user)
        .select_related("unit")
        .order_by("unit__path", "username")
    )
    q = request.GET.get("q", "").strip()[:50]
    if q:
        users = users.filter(Q(username__icontains=q) | Q(full_name__icontains=q))
    page = Paginator(users, 30).get_page(request.GET.get("page"))
    return render(request, "accounts/user_list.html", {"page_obj": page, "q": q})


def _temporary_password_refusal(request, target: User) -> str | None:
    if target.pk == request.user.pk:
        return "不能为自己设置临时密码，请在“修改密码”中修改。"
    if target.is_superuser and not request.user.is_superuser:
        return "系统管理员的密码只能由系统管理员重置。"
    if target.role in CADRE_SIDE:
        return "老干部本人和代办家属凭登录卡登录，请为其补打登录卡。"
    if not target.is_active:
        return "该账户已停用，请先在后台启用。"
    return None


@never_cache
@role_required(UNIT_STAFF)
def temporary_password(request, pk: int):
    """GET: whom, and what will happen. POST: the temporary password, shown this once (the page
    is not cached; the password is never stored in clear, never sent by the portal)."""
    target = get_object_or_404(User.objects.visible_to(request.user).select_related("unit"), pk=pk)
    context = {
        "target": target,
        "history": target.temporary_passwords.select_related("issued_by")[:5],
    }
    refusal = _temporary_password_refusal(request, target)
    if refusal:
        # In scope, but not this way: 403 with the reason and what to do instead.
        context["refusal"] = refusal
        return render(request, "accounts/temporary_password.html", context, status=403)
    if request.method == "POST":
        context["password"] = services.temporary_password_issue(
            user=target, by=request.user, ip=client_ip(request)
        )
    return render(request, "accounts/temporary_password.html", context)

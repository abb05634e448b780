"""A user signed in with a temporary password (given by staff) sets their own before anything
else: every page but 修改密码, 退出 and the 大字 switch leads to 修改密码."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import Resolver404, resolve

OPEN_NAMES = {"accounts:password_change", "accounts:logout", "accounts:font_switch", "healthz"}
MESSAGE = "您正在使用工作人员设置的临时密码，请先设置您自己的新密码。"


class MustChangePasswordMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.must_change_password:
            try:
                name = resolve(request.path_info).view_name
            except Resolver404:
                name = None
            if name not in OPEN_NAMES:
                messages.warning(request, MESSAGE)
                return redirect("accounts:password_change")
        return self.get_response(request)

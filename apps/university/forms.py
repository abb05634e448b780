from django import forms

from .models import Application


class SeedForm(forms.Form):
    seed = forms.CharField(
        label="随机种子（可选）",
        max_length=48,
        required=False,
        help_text="可填写事先公布的数字（如当日福利彩票开奖号）；不填则由系统随机生成。公布后任何人可复核。",
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(label="退出原因", max_length=200, required=False)


class CounterApplyForm(forms.Form):
    cadre = forms.IntegerField(widget=forms.HiddenInput)
    channel = forms.ChoiceField(
        label="报名方式",
        choices=[
            (Application.Channel.COUNTER, Application.Channel.COUNTER.label),
        ],
        initial=Application.Channel.COUNTER,
        widget=forms.HiddenInput,
    )

"""The visits models, moved from apps.services in state only: their tables stay services_*."""

import django.contrib.postgres.fields
import django.core.validators
import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('accounts', '0002_personaldataaccess'),
        ('services', '0007_models_moved_to_visits_subsidies_casework'),
        ('cadres', '0002_register_status_kept'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    state_operations = [
        migrations.CreateModel(
            name='Campaign',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=100, verbose_name='活动名称')),
                ('starts_on', models.DateField(verbose_name='开始日期')),
                ('ends_on', models.DateField(verbose_name='截止日期')),
                ('filters', models.JSONField(blank=True, default=dict, verbose_name='对象筛选条件')),
                ('notes', models.TextField(blank=True, verbose_name='说明')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='创建时间')),
                ('cancelled_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='撤销时间')),
                ('cancelled_reason', models.CharField(blank=True, editable=False, max_length=200, verbose_name='撤销原因')),
                ('cancelled_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='撤销人')),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='创建人')),
                ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='campaigns', to='accounts.orgunit', verbose_name='组织单位')),
            ],
            options={
                'verbose_name': '集中慰问活动',
                'verbose_name_plural': '集中慰问活动',
                'db_table': 'services_campaign',
                'ordering': ['-starts_on', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='HistoricalCampaign',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('name', models.CharField(max_length=100, verbose_name='活动名称')),
                ('starts_on', models.DateField(verbose_name='开始日期')),
                ('ends_on', models.DateField(verbose_name='截止日期')),
                ('filters', models.JSONField(blank=True, default=dict, verbose_name='对象筛选条件')),
                ('notes', models.TextField(blank=True, verbose_name='说明')),
                ('created_at', models.DateTimeField(blank=True, editable=False, verbose_name='创建时间')),
                ('cancelled_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='撤销时间')),
                ('cancelled_reason', models.CharField(blank=True, editable=False, max_length=200, verbose_name='撤销原因')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('cancelled_by', models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='撤销人')),
                ('created_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='创建人')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('unit', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='accounts.orgunit', verbose_name='组织单位')),
            ],
            options={
                'verbose_name': 'historical 集中慰问活动',
                'verbose_name_plural': 'historical 集中慰问活动',
                'db_table': 'services_historicalcampaign',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='VisitRule',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.SlugField(unique=True, verbose_name='规则代码')),
                ('name', models.CharField(max_length=100, verbose_name='名称')),
                ('occasion', models.CharField(choices=[('festival', '重要节日'), ('hospital', '生病住院'), ('hospital_followup', '出院回访/长期住院探望'), ('birthday', '整十生日'), ('condolence', '因病逝世'), ('dispute', '矛盾纠纷'), ('disaster', '天灾人祸'), ('routine', '日常联系'), ('campaign', '集中慰问')], max_length=30, verbose_name='走访事由')),
                ('is_active', models.BooleanField(default=True, verbose_name='启用')),
                ('sort_order', models.PositiveIntegerField(default=0, verbose_name='排序')),
                ('festival_calendar', models.CharField(blank=True, choices=[('solar', '公历'), ('lunar', '农历')], max_length=10, verbose_name='历法')),
                ('festival_month', models.PositiveSmallIntegerField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(12)], verbose_name='节日月份')),
                ('festival_day', models.PositiveSmallIntegerField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(31)], verbose_name='节日日期')),
                ('ages', django.contrib.postgres.fields.ArrayField(base_field=models.PositiveSmallIntegerField(), blank=True, default=list, help_text='如 70,80,90,100', size=None, verbose_name='生日年龄')),
                ('age_reckoning', models.CharField(choices=[('zhousui', '周岁'), ('xusui', '虚岁')], default='zhousui', max_length=10, verbose_name='年龄算法')),
                ('period', models.CharField(blank=True, choices=[('month', '每月'), ('quarter', '每季度'), ('year', '每年')], max_length=10, verbose_name='周期')),
                ('days_after', models.PositiveSmallIntegerField(default=7, verbose_name='处置时限（天）')),
                ('repeat_days', models.PositiveSmallIntegerField(blank=True, help_text='住院超过该天数仍未出院的，每隔该天数探望一次；留空则不重复。', null=True, verbose_name='长期住院探望间隔（天）')),
                ('notice_days', models.PositiveSmallIntegerField(default=7, help_text='节日、生日在到期前该天数生成走访；到期前该天数内提醒责任人。', verbose_name='提前提醒（天）')),
                ('remind_assignee', models.BooleanField(default=True, help_text='每月电话联系这类覆盖全员的规则可关闭逐条提醒（到期与逾期），以免提醒过多。', verbose_name='提醒责任人')),
                ('subject', models.CharField(choices=[('cadre', '在册干部本人'), ('survivor', '已故干部遗属')], default='cadre', max_length=10, verbose_name='对象')),
                ('retirement_kind', models.CharField(blank=True, choices=[('lixiu', '离休'), ('tuixiu', '退休')], help_text='留空为不限', max_length=10, verbose_name='离退休类别')),
                ('party_members_only', models.BooleanField(default=False, verbose_name='仅党员')),
                ('relocation', models.CharField(choices=[('any', '不限'), ('only', '仅易地安置'), ('exclude', '不含易地安置')], default='any', max_length=10, verbose_name='易地安置')),
                ('min_age', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='最低年龄（周岁）')),
                ('living_situations', django.contrib.postgres.fields.ArrayField(base_field=models.CharField(choices=[('alone', '独居'), ('empty_nest', '空巢'), ('with_children', '与子女同住'), ('care_home', '养老机构')], max_length=20), blank=True, default=list, size=None, verbose_name='居住情况')),
                ('health_levels', django.contrib.postgres.fields.ArrayField(base_field=models.CharField(choices=[('good', '良好'), ('fair', '一般'), ('poor', '较差'), ('disabled', '失能')], max_length=20), blank=True, default=list, size=None, verbose_name='健康状况')),
                ('risk_any', models.BooleanField(default=False, help_text='勾选后，最低年龄、居住情况、健康状况三项满足其一即覆盖（如 80岁以上或独居或失能）。', verbose_name='年龄/居住/健康任一符合即可')),
                ('responsible_role', models.CharField(choices=[('district_staff', '区县老干部局工作人员'), ('bureau_staff', '局机关工作人员')], default='district_staff', help_text='走访分派给干部所在单位（或最近的上级单位）中该岗位的工作人员。', max_length=20, verbose_name='责任岗位')),
                ('notes', models.TextField(blank=True, verbose_name='说明')),
            ],
            options={
                'verbose_name': '必访规则',
                'verbose_name_plural': '必访规则',
                'db_table': 'services_visitrule',
                'ordering': ['sort_order', 'pk'],
                'constraints': [models.CheckConstraint(condition=models.Q(models.Q(('occasion', 'festival'), _negated=True), models.Q(('festival_day__isnull', False), ('festival_month__isnull', False), models.Q(('festival_calendar', ''), _negated=True)), _connector='OR'), name='visitrule_festival_has_date')],
            },
        ),
        migrations.CreateModel(
            name='Visit',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('occasion', models.CharField(choices=[('festival', '重要节日'), ('hospital', '生病住院'), ('hospital_followup', '出院回访/长期住院探望'), ('birthday', '整十生日'), ('condolence', '因病逝世'), ('dispute', '矛盾纠纷'), ('disaster', '天灾人祸'), ('routine', '日常联系'), ('campaign', '集中慰问')], max_length=30, verbose_name='走访事由')),
                ('occasion_key', models.CharField(max_length=100, verbose_name='事由标识')),
                ('title', models.CharField(max_length=100, verbose_name='标题')),
                ('due_date', models.DateField(verbose_name='应访日期')),
                ('status', models.CharField(choices=[('planned', '待走访'), ('done', '已完成'), ('overdue', '已逾期'), ('cancelled', '已取消')], default='planned', max_length=20, verbose_name='状态')),
                ('done_on', models.DateField(blank=True, null=True, verbose_name='走访日期')),
                ('form', models.CharField(blank=True, choices=[('home', '上门'), ('phone', '电话'), ('video', '视频'), ('hospital', '医院')], max_length=20, verbose_name='走访形式')),
                ('visitors', models.CharField(blank=True, max_length=200, verbose_name='走访人员')),
                ('notes', models.TextField(blank=True, verbose_name='走访情况')),
                ('money', models.DecimalField(decimal_places=2, default=0, max_digits=12, validators=[django.core.validators.MinValueValidator(0, message='慰问金不能为负数。')], verbose_name='慰问金（元）')),
                ('gifts', models.CharField(blank=True, max_length=200, verbose_name='慰问品')),
                ('recorded_at', models.DateTimeField(blank=True, null=True, verbose_name='登记时间')),
                ('cancelled_reason', models.CharField(blank=True, max_length=100, verbose_name='取消原因')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='生成时间')),
                ('assignee', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='assigned_visits', to=settings.AUTH_USER_MODEL, verbose_name='责任人')),
                ('cadre', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='visits', to='cadres.cadre', verbose_name='干部')),
                ('campaign', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='visits', to='visits.campaign', verbose_name='集中慰问活动')),
                ('recorded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='登记人')),
                ('rule', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='visits', to='visits.visitrule', verbose_name='规则')),
            ],
            options={
                'verbose_name': '走访慰问',
                'verbose_name_plural': '走访慰问',
                'db_table': 'services_visit',
                'ordering': ['due_date', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='HistoricalVisit',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('occasion', models.CharField(choices=[('festival', '重要节日'), ('hospital', '生病住院'), ('hospital_followup', '出院回访/长期住院探望'), ('birthday', '整十生日'), ('condolence', '因病逝世'), ('dispute', '矛盾纠纷'), ('disaster', '天灾人祸'), ('routine', '日常联系'), ('campaign', '集中慰问')], max_length=30, verbose_name='走访事由')),
                ('occasion_key', models.CharField(max_length=100, verbose_name='事由标识')),
                ('title', models.CharField(max_length=100, verbose_name='标题')),
                ('due_date', models.DateField(verbose_name='应访日期')),
                ('status', models.CharField(choices=[('planned', '待走访'), ('done', '已完成'), ('overdue', '已逾期'), ('cancelled', '已取消')], default='planned', max_length=20, verbose_name='状态')),
                ('done_on', models.DateField(blank=True, null=True, verbose_name='走访日期')),
                ('form', models.CharField(blank=True, choices=[('home', '上门'), ('phone', '电话'), ('video', '视频'), ('hospital', '医院')], max_length=20, verbose_name='走访形式')),
                ('visitors', models.CharField(blank=True, max_length=200, verbose_name='走访人员')),
                ('notes', models.TextField(blank=True, verbose_name='走访情况')),
                ('money', models.DecimalField(decimal_places=2, default=0, max_digits=12, validators=[django.core.validators.MinValueValidator(0, message='慰问金不能为负数。')], verbose_name='慰问金（元）')),
                ('gifts', models.CharField(blank=True, max_length=200, verbose_name='慰问品')),
                ('recorded_at', models.DateTimeField(blank=True, null=True, verbose_name='登记时间')),
                ('cancelled_reason', models.CharField(blank=True, max_length=100, verbose_name='取消原因')),
                ('created_at', models.DateTimeField(blank=True, editable=False, verbose_name='生成时间')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('assignee', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='责任人')),
                ('cadre', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='cadres.cadre', verbose_name='干部')),
                ('campaign', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='visits.campaign', verbose_name='集中慰问活动')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('recorded_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='登记人')),
                ('rule', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='visits.visitrule', verbose_name='规则')),
            ],
            options={
                'verbose_name': 'historical 走访慰问',
                'verbose_name_plural': 'historical 走访慰问',
                'db_table': 'services_historicalvisit',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.AddConstraint(
            model_name='campaign',
            constraint=models.CheckConstraint(condition=models.Q(('ends_on__gte', models.F('starts_on'))), name='campaign_window_ordered', violation_error_message='截止日期不能早于开始日期。'),
        ),
        migrations.AddIndex(
            model_name='visit',
            index=models.Index(fields=['status', 'due_date'], name='visit_status_due'),
        ),
        migrations.AddIndex(
            model_name='visit',
            index=models.Index(fields=['assignee', 'status', 'due_date'], name='visit_assignee_due'),
        ),
        migrations.AddIndex(
            model_name='visit',
            index=models.Index(fields=['due_date'], name='visit_due'),
        ),
        migrations.AddConstraint(
            model_name='visit',
            constraint=models.UniqueConstraint(fields=('cadre', 'occasion_key'), name='visit_once_per_occasion'),
        ),
        migrations.AddConstraint(
            model_name='visit',
            constraint=models.CheckConstraint(condition=models.Q(('money__gte', 0)), name='visit_money_not_negative', violation_error_message='慰问金不能为负数。'),
        ),
        migrations.AddConstraint(
            model_name='visit',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'done'), _negated=True), ('done_on__isnull', False), _connector='OR'), name='visit_done_has_date'),
        ),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=state_operations, database_operations=[])
    ]

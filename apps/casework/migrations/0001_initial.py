"""The casework models, moved from apps.services in state only: their tables stay services_*."""

import django.db.models.deletion
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
            name='RequestUrgency',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=20, unique=True, verbose_name='名称')),
                ('response_hours', models.PositiveIntegerField(verbose_name='响应时限（小时）')),
                ('sort_order', models.PositiveSmallIntegerField(default=0, verbose_name='排序')),
            ],
            options={
                'verbose_name': '紧急程度',
                'verbose_name_plural': '紧急程度',
                'db_table': 'services_requesturgency',
                'ordering': ['sort_order', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='ServiceNeed',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=30, unique=True, verbose_name='名称')),
                ('description', models.CharField(blank=True, max_length=200, verbose_name='说明')),
                ('is_active', models.BooleanField(default=True, verbose_name='启用')),
                ('sort_order', models.PositiveSmallIntegerField(default=0, verbose_name='排序')),
            ],
            options={
                'verbose_name': '服务需求项',
                'verbose_name_plural': '服务需求菜单',
                'db_table': 'services_serviceneed',
                'ordering': ['sort_order', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='ServicePlan',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('individual', '一人一策'), ('group', '一类一策')], max_length=20, verbose_name='类型')),
                ('title', models.CharField(max_length=100, verbose_name='名称')),
                ('group_description', models.CharField(blank=True, help_text='一类一策时填写，如“独居高龄退休干部”。', max_length=200, verbose_name='服务对象群体')),
                ('situation', models.TextField(blank=True, verbose_name='基本情况')),
                ('measures', models.TextField(verbose_name='服务措施')),
                ('review_on', models.DateField(verbose_name='下次评估日期')),
                ('status', models.CharField(choices=[('active', '执行中'), ('closed', '已结束')], default='active', max_length=20, verbose_name='状态')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='创建时间')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                ('cadre', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='service_plans', to='cadres.cadre', verbose_name='干部')),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='创建人')),
                ('needs', models.ManyToManyField(blank=True, db_table='services_serviceplan_needs', to='casework.serviceneed', verbose_name='服务需求')),
                ('responsible', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='responsible_plans', to=settings.AUTH_USER_MODEL, verbose_name='责任人')),
                ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='service_plans', to='accounts.orgunit', verbose_name='管理单位')),
            ],
            options={
                'verbose_name': '服务方案',
                'verbose_name_plural': '服务方案',
                'db_table': 'services_serviceplan',
                'ordering': ['review_on', 'pk'],
                'indexes': [models.Index(fields=['status', 'review_on'], name='serviceplan_review')],
                'constraints': [models.CheckConstraint(condition=models.Q(models.Q(('cadre__isnull', False), ('kind', 'individual')), models.Q(('cadre__isnull', True), ('kind', 'group'), models.Q(('group_description', ''), _negated=True)), _connector='OR'), name='serviceplan_subject_matches_kind', violation_error_message='一人一策须选择干部；一类一策须填写服务对象群体。'), models.UniqueConstraint(condition=models.Q(('kind', 'individual'), ('status', 'active')), fields=('cadre',), name='serviceplan_one_active_per_cadre', violation_error_message='该干部已有执行中的一人一策方案。')],
            },
        ),
        migrations.CreateModel(
            name='ServiceRequest',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('received_via', models.CharField(choices=[('phone', '电话'), ('visit', '走访'), ('walk_in', '来访'), ('online', '网上')], max_length=20, verbose_name='受理渠道')),
                ('received_at', models.DateTimeField(verbose_name='受理时间')),
                ('requester', models.CharField(blank=True, help_text='本人反映可留空；家属代为反映请注明。', max_length=50, verbose_name='反映人')),
                ('content', models.TextField(verbose_name='诉求内容')),
                ('deadline', models.DateTimeField(verbose_name='响应时限')),
                ('status', models.CharField(choices=[('open', '待办理'), ('in_progress', '办理中'), ('closed', '已办结')], default='open', max_length=20, verbose_name='状态')),
                ('outcome', models.TextField(blank=True, verbose_name='办理结果')),
                ('closed_at', models.DateTimeField(blank=True, null=True, verbose_name='办结时间')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='登记时间')),
                ('assignee', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='assigned_requests', to=settings.AUTH_USER_MODEL, verbose_name='承办人')),
                ('cadre', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='service_requests', to='cadres.cadre', verbose_name='干部')),
                ('recorded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='登记人')),
                ('urgency', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='casework.requesturgency', verbose_name='紧急程度')),
            ],
            options={
                'verbose_name': '急难愁盼诉求',
                'verbose_name_plural': '急难愁盼诉求',
                'db_table': 'services_servicerequest',
                'ordering': ['-received_at', '-pk'],
                'indexes': [models.Index(fields=['status', 'deadline'], name='servicerequest_open')],
                'constraints': [models.CheckConstraint(condition=models.Q(models.Q(('closed_at__isnull', False), ('status', 'closed')), models.Q(models.Q(('status', 'closed'), _negated=True), ('closed_at__isnull', True)), _connector='OR'), name='servicerequest_closed_has_time'), models.CheckConstraint(condition=models.Q(('closed_at__isnull', True), ('closed_at__gte', models.F('received_at')), _connector='OR'), name='servicerequest_closed_after_received', violation_error_message='办结时间不能早于受理时间。')],
            },
        ),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=state_operations, database_operations=[])
    ]

"""The subsidies models, moved from apps.services in state only: their tables stay services_*."""

import apps.subsidies.models
import django.contrib.postgres.constraints
import django.contrib.postgres.fields.ranges
import django.core.validators
import django.db.models.deletion
import simple_history.models
from decimal import Decimal
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
            name='SubsidyType',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.SlugField(max_length=30, unique=True, verbose_name='代码')),
                ('name', models.CharField(max_length=50, unique=True, verbose_name='名称')),
                ('rule', models.CharField(choices=[('manual', '个案审批'), ('age', '按年龄（高龄）')], default='manual', max_length=20, verbose_name='享受条件')),
                ('retirement_kind', models.CharField(blank=True, choices=[('lixiu', '离休'), ('tuixiu', '退休')], help_text='留空表示离休、退休均可享受。', max_length=10, verbose_name='限离退休类别')),
                ('start_offset_months', models.PositiveSmallIntegerField(default=1, help_text='按年龄享受时：1 表示满龄生日的次月起发放。', verbose_name='生日后第几个月起享受')),
                ('standard_amount', models.DecimalField(blank=True, decimal_places=2, max_digits=12, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0.01'), message='金额须大于0。')], verbose_name='标准月额（元）')),
                ('is_active', models.BooleanField(default=True, verbose_name='启用')),
                ('sort_order', models.PositiveSmallIntegerField(default=0, verbose_name='排序')),
                ('notes', models.TextField(blank=True, verbose_name='政策依据及说明')),
            ],
            options={
                'verbose_name': '补贴类型',
                'verbose_name_plural': '补贴类型',
                'db_table': 'services_subsidytype',
                'ordering': ['sort_order', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='CadreBankAccount',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('bank_name', models.CharField(max_length=100, verbose_name='开户行')),
                ('account_name', models.CharField(max_length=50, verbose_name='户名')),
                ('account_number', models.CharField(max_length=40, verbose_name='账号')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                ('cadre', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='bank_account', to='cadres.cadre', verbose_name='干部')),
            ],
            options={
                'verbose_name': '发放账户',
                'verbose_name_plural': '发放账户',
                'db_table': 'services_cadrebankaccount',
            },
        ),
        migrations.CreateModel(
            name='Entitlement',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('monthly_amount', models.DecimalField(decimal_places=2, help_text='调整金额请用“调整标准”，从指定月份起生效并保留历史。', max_digits=12, validators=[django.core.validators.MinValueValidator(Decimal('0.01'), message='金额须大于0。')], verbose_name='当前月额（元）')),
                ('starts_on', models.DateField(verbose_name='起始月份')),
                ('ends_on', models.DateField(blank=True, help_text='留空表示长期享受。', null=True, verbose_name='终止月份')),
                ('approved_on', models.DateField(blank=True, null=True, verbose_name='审批日期')),
                ('approval_number', models.CharField(blank=True, max_length=60, verbose_name='审批文号')),
                ('notes', models.CharField(blank=True, max_length=200, verbose_name='备注')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='创建时间')),
                ('approved_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='审批人')),
                ('cadre', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='entitlements', to='cadres.cadre', verbose_name='干部')),
                ('subsidy_type', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='entitlements', to='subsidies.subsidytype', verbose_name='补贴类型')),
            ],
            options={
                'verbose_name': '补贴享受资格',
                'verbose_name_plural': '补贴享受资格',
                'db_table': 'services_entitlement',
                'ordering': ['cadre_id', 'subsidy_type_id', 'starts_on'],
            },
        ),
        migrations.CreateModel(
            name='HistoricalCadreBankAccount',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('bank_name', models.CharField(max_length=100, verbose_name='开户行')),
                ('account_name', models.CharField(max_length=50, verbose_name='户名')),
                ('account_number', models.CharField(max_length=40, verbose_name='账号')),
                ('updated_at', models.DateTimeField(blank=True, editable=False, verbose_name='更新时间')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('cadre', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='cadres.cadre', verbose_name='干部')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical 发放账户',
                'verbose_name_plural': 'historical 发放账户',
                'db_table': 'services_historicalcadrebankaccount',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalPaymentBatch',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('month', models.DateField(db_index=True, verbose_name='发放月份')),
                ('status', models.CharField(choices=[('draft', '草稿'), ('submitted', '待审批'), ('approved', '已审批'), ('paid', '已发放')], default='draft', max_length=20, verbose_name='状态')),
                ('generated_at', models.DateTimeField(blank=True, null=True, verbose_name='生成时间')),
                ('submitted_at', models.DateTimeField(blank=True, null=True, verbose_name='提交时间')),
                ('approved_at', models.DateTimeField(blank=True, null=True, verbose_name='审批时间')),
                ('paid_at', models.DateTimeField(blank=True, null=True, verbose_name='发放时间')),
                ('notes', models.TextField(blank=True, verbose_name='备注')),
                ('created_at', models.DateTimeField(blank=True, editable=False, verbose_name='创建时间')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('approved_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='审批人')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('paid_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='发放确认人')),
                ('submitted_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='提交人')),
            ],
            options={
                'verbose_name': 'historical 发放批次',
                'verbose_name_plural': 'historical 发放批次',
                'db_table': 'services_historicalpaymentbatch',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='PaymentBatch',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('month', models.DateField(unique=True, verbose_name='发放月份')),
                ('status', models.CharField(choices=[('draft', '草稿'), ('submitted', '待审批'), ('approved', '已审批'), ('paid', '已发放')], default='draft', max_length=20, verbose_name='状态')),
                ('generated_at', models.DateTimeField(blank=True, null=True, verbose_name='生成时间')),
                ('submitted_at', models.DateTimeField(blank=True, null=True, verbose_name='提交时间')),
                ('approved_at', models.DateTimeField(blank=True, null=True, verbose_name='审批时间')),
                ('paid_at', models.DateTimeField(blank=True, null=True, verbose_name='发放时间')),
                ('notes', models.TextField(blank=True, verbose_name='备注')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='创建时间')),
                ('approved_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='审批人')),
                ('paid_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='发放确认人')),
                ('submitted_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='提交人')),
            ],
            options={
                'verbose_name': '发放批次',
                'verbose_name_plural': '发放批次',
                'db_table': 'services_paymentbatch',
                'ordering': ['-month'],
            },
        ),
        migrations.CreateModel(
            name='SubsidyAgeBand',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('min_age', models.PositiveSmallIntegerField(verbose_name='起始年龄（周岁）')),
                ('max_age', models.PositiveSmallIntegerField(blank=True, help_text='留空表示不设上限。', null=True, verbose_name='截止年龄（周岁，含）')),
                ('monthly_amount', models.DecimalField(decimal_places=2, max_digits=12, validators=[django.core.validators.MinValueValidator(Decimal('0.01'), message='金额须大于0。')], verbose_name='标准月额（元）')),
                ('subsidy_type', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='age_bands', to='subsidies.subsidytype', verbose_name='补贴类型')),
            ],
            options={
                'verbose_name': '年龄段标准',
                'verbose_name_plural': '年龄段标准',
                'db_table': 'services_subsidyageband',
                'ordering': ['subsidy_type', 'min_age'],
            },
        ),
        migrations.CreateModel(
            name='Payment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('month', models.DateField(verbose_name='所属月份')),
                ('amount', models.DecimalField(decimal_places=2, max_digits=12, validators=[django.core.validators.MinValueValidator(Decimal('0.01'), message='金额须大于0。')], verbose_name='金额（元）')),
                ('bank_name', models.CharField(blank=True, max_length=100, verbose_name='开户行')),
                ('account_number', models.CharField(blank=True, max_length=40, verbose_name='账号')),
                ('status', models.CharField(choices=[('pending', '待发放'), ('paid', '已发放'), ('failed', '发放失败')], default='pending', max_length=20, verbose_name='状态')),
                ('failed_reason', models.CharField(blank=True, max_length=200, verbose_name='失败原因')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='生成时间')),
                ('cadre', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='subsidy_payments', to='cadres.cadre', verbose_name='干部')),
                ('carried_from', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='carried_to', to='subsidies.payment', verbose_name='补发自')),
                ('entitlement', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='payments', to='subsidies.entitlement', verbose_name='享受资格')),
                ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='accounts.orgunit', verbose_name='管理单位')),
                ('batch', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='payments', to='subsidies.paymentbatch', verbose_name='批次')),
                ('subsidy_type', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='subsidies.subsidytype', verbose_name='补贴类型')),
            ],
            options={
                'verbose_name': '发放明细',
                'verbose_name_plural': '发放明细',
                'db_table': 'services_payment',
                'ordering': ['batch', 'unit_id', 'cadre_id', 'subsidy_type_id', 'month'],
            },
        ),
        migrations.CreateModel(
            name='HistoricalEntitlement',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('monthly_amount', models.DecimalField(decimal_places=2, help_text='调整金额请用“调整标准”，从指定月份起生效并保留历史。', max_digits=12, validators=[django.core.validators.MinValueValidator(Decimal('0.01'), message='金额须大于0。')], verbose_name='当前月额（元）')),
                ('starts_on', models.DateField(verbose_name='起始月份')),
                ('ends_on', models.DateField(blank=True, help_text='留空表示长期享受。', null=True, verbose_name='终止月份')),
                ('approved_on', models.DateField(blank=True, null=True, verbose_name='审批日期')),
                ('approval_number', models.CharField(blank=True, max_length=60, verbose_name='审批文号')),
                ('notes', models.CharField(blank=True, max_length=200, verbose_name='备注')),
                ('created_at', models.DateTimeField(blank=True, editable=False, verbose_name='创建时间')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('approved_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='审批人')),
                ('cadre', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='cadres.cadre', verbose_name='干部')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('subsidy_type', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='subsidies.subsidytype', verbose_name='补贴类型')),
            ],
            options={
                'verbose_name': 'historical 补贴享受资格',
                'verbose_name_plural': 'historical 补贴享受资格',
                'db_table': 'services_historicalentitlement',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='EntitlementAmount',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('effective_from', models.DateField(verbose_name='生效月份')),
                ('monthly_amount', models.DecimalField(decimal_places=2, max_digits=12, validators=[django.core.validators.MinValueValidator(Decimal('0.01'), message='金额须大于0。')], verbose_name='月额（元）')),
                ('reason', models.CharField(blank=True, max_length=200, verbose_name='调整原因')),
                ('approval_number', models.CharField(blank=True, max_length=60, verbose_name='审批文号')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='登记时间')),
                ('changed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='操作人')),
                ('entitlement', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='amounts', to='subsidies.entitlement', verbose_name='享受资格')),
            ],
            options={
                'verbose_name': '金额调整',
                'verbose_name_plural': '金额调整',
                'db_table': 'services_entitlementamount',
                'ordering': ['entitlement', 'effective_from'],
                'constraints': [models.UniqueConstraint(fields=('entitlement', 'effective_from'), name='entitlementamount_once_per_month'), models.CheckConstraint(condition=models.Q(('monthly_amount__gt', 0)), name='entitlementamount_positive'), models.CheckConstraint(condition=models.Q(('effective_from__day', 1)), name='entitlementamount_whole_month')],
            },
        ),
        migrations.AddConstraint(
            model_name='paymentbatch',
            constraint=models.CheckConstraint(condition=models.Q(('month__day', 1)), name='paymentbatch_whole_month'),
        ),
        migrations.AddConstraint(
            model_name='subsidyageband',
            constraint=models.UniqueConstraint(fields=('subsidy_type', 'min_age'), name='subsidyageband_once_per_age'),
        ),
        migrations.AddConstraint(
            model_name='subsidyageband',
            constraint=models.CheckConstraint(condition=models.Q(('monthly_amount__gt', 0)), name='subsidyageband_amount_positive'),
        ),
        migrations.AddIndex(
            model_name='payment',
            index=models.Index(fields=['batch', 'unit'], name='payment_batch_unit'),
        ),
        migrations.AddIndex(
            model_name='payment',
            index=models.Index(fields=['cadre', 'month'], name='payment_cadre_month'),
        ),
        migrations.AddConstraint(
            model_name='payment',
            constraint=models.UniqueConstraint(condition=models.Q(('status', 'failed'), _negated=True), fields=('entitlement', 'month'), name='payment_once_per_month'),
        ),
        migrations.AddConstraint(
            model_name='payment',
            constraint=models.CheckConstraint(condition=models.Q(('amount__gt', 0)), name='payment_amount_positive'),
        ),
        migrations.AddConstraint(
            model_name='payment',
            constraint=models.CheckConstraint(condition=models.Q(('month__day', 1)), name='payment_whole_month'),
        ),
        migrations.AddIndex(
            model_name='entitlement',
            index=models.Index(fields=['subsidy_type', 'starts_on'], name='entitlement_type'),
        ),
        migrations.AddConstraint(
            model_name='entitlement',
            constraint=models.CheckConstraint(condition=models.Q(('monthly_amount__gt', 0)), name='entitlement_amount_positive', violation_error_message='金额须大于0。'),
        ),
        migrations.AddConstraint(
            model_name='entitlement',
            constraint=models.CheckConstraint(condition=models.Q(('starts_on__day', 1), models.Q(('ends_on__isnull', True), ('ends_on__day', 1), _connector='OR')), name='entitlement_whole_months'),
        ),
        migrations.AddConstraint(
            model_name='entitlement',
            constraint=models.CheckConstraint(condition=models.Q(('ends_on__isnull', True), ('ends_on__gte', models.F('starts_on')), _connector='OR'), name='entitlement_ends_after_start', violation_error_message='终止月份不能早于起始月份。'),
        ),
        migrations.AddConstraint(
            model_name='entitlement',
            constraint=django.contrib.postgres.constraints.ExclusionConstraint(expressions=[('cadre', '='), ('subsidy_type', '='), (apps.subsidies.models.MonthRange('starts_on', 'ends_on', django.contrib.postgres.fields.ranges.RangeBoundary(True, True)), '&&')], name='entitlement_no_overlap', violation_error_message='该干部同一补贴类型的享受期间与已有资格重叠。'),
        ),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=state_operations, database_operations=[])
    ]

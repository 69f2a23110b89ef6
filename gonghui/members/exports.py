"""The roster export in the column order of the upper union's real-name template."""

from __future__ import annotations

from collections.abc import Iterator

from gonghui.core.exports import Exporter
from gonghui.orgs.models import Organisation, OrgKind

from . import idcard, vocab
from .models import MembershipEvent
from .selectors import RosterFilter, roster, unions_by_org

# domain.md §2 (会员实名制 fields, 总工办发〔2017〕14号), then the union's own columns.
REAL_NAME_COLUMNS = [
    "姓名",
    "性别",
    "出生日期",
    "民族",
    "证件类型",
    "证件号码",
    "籍贯",
    "手机号码",
    "户籍类型",
    "户籍所在地",
    "政治面貌",
    "学历",
    "技能等级",
    "职称",
    "工种",
    "参加工作年份",
    "工作单位",
    "所属工会",
    "就业状况",
    "是否农民工",
    "会员卡号",
    "入会时间",
    "会籍变化类型",
    "会籍变化日期",
    "会籍变化原因",
]
LOCAL_COLUMNS = ["工会小组", "工作部门", "岗位", "会员类型", "月工资", "会员状态"]

_SEX = dict(vocab.SEXES)
_ID_TYPES = dict(vocab.ID_TYPES)
_HUKOU = dict(vocab.HUKOU_TYPES)
_TYPES = dict(vocab.MEMBER_TYPES)


class RosterExporter(Exporter):
    identifier = "members.roster"
    name = "会员花名册"
    sheet_title = "会员花名册"

    def __init__(self, *, user, org, options=None, full_ids: bool = False):
        super().__init__(user=user, org=org, options=options)
        # Full ID and mobile numbers only when the caller holds the sensitive-data right
        # (or is an operator on the command line); the caller decides and logs it.
        self.full_ids = full_ids

    def columns(self) -> list[str]:
        return REAL_NAME_COLUMNS + LOCAL_COLUMNS

    def rows(self) -> Iterator[list]:
        flt = RosterFilter.from_params(self.options)
        qs = roster(flt).select_related(None)
        nodes = {o.pk: o for o in Organisation._base_manager.filter(path__startswith=self.org.path)}
        nodes.update(
            {o.pk: o for o in Organisation._base_manager.filter(pk__in=self.org.ancestor_ids())}
        )
        unions = unions_by_org(nodes)
        last_event = {}
        for event in (
            MembershipEvent._base_manager.filter(member__in=qs.values("pk"))
            .order_by("member_id", "date", "id")
            .iterator(chunk_size=2000)
        ):
            last_event[event.member_id] = event
        for m in qs.iterator(chunk_size=2000):
            org = nodes.get(m.org_id)
            union = unions.get(m.org_id)
            event = last_event.get(m.pk)
            yield [
                m.name,
                _SEX.get(m.sex, ""),
                m.birth_date,
                m.ethnicity,
                _ID_TYPES.get(m.id_type, ""),
                m.id_number if self.full_ids else idcard.mask(m.id_number),
                m.native_place,
                m.mobile if self.full_ids else idcard.mask_phone(m.mobile),
                _HUKOU.get(m.hukou_type, ""),
                m.hukou_place,
                m.political_status,
                m.education,
                m.skill_level,
                m.professional_title,
                m.job_type,
                m.work_start_year,
                union.unit_name if union else "",
                union.name if union else "",
                m.employment_status,
                "是" if m.member_type == "migrant" else "否",
                m.card_number,
                m.joined_on,
                event.get_kind_display() if event else "",
                event.date if event else None,
                event.reason if event else "",
                org.name if org is not None and org.kind == OrgKind.GROUP else "",
                m.department,
                m.post,
                _TYPES.get(m.member_type, ""),
                m.monthly_wage,
                m.get_status_display(),
            ]


XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

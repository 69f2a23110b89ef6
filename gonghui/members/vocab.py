"""Value lists of the real-name member system (会员实名制, 总工办发〔2017〕14号).

These are data, not interface text: imports and exports exchange them verbatim with the
upper union's template, so they are kept in Chinese and not translated.
"""

from __future__ import annotations


def words(text: str) -> list[str]:
    """A long list of names written as one string (names contain no spaces)."""
    return text.split()


SEXES = [("male", "男"), ("female", "女")]

ETHNICITIES = words(
    "汉族 蒙古族 回族 藏族 维吾尔族 苗族 彝族 壮族 布依族 朝鲜族 满族 侗族 瑶族 "
    "白族 土家族 哈尼族 哈萨克族 傣族 黎族 傈僳族 佤族 畲族 高山族 拉祜族 水族 "
    "东乡族 纳西族 景颇族 柯尔克孜族 土族 达斡尔族 仫佬族 羌族 布朗族 撒拉族 毛南族 "
    "仡佬族 锡伯族 阿昌族 普米族 塔吉克族 怒族 乌孜别克族 俄罗斯族 鄂温克族 德昂族 "
    "保安族 裕固族 京族 塔塔尔族 独龙族 鄂伦春族 赫哲族 门巴族 珞巴族 基诺族 其他"
)

ID_TYPES = [
    ("resident", "居民身份证"),
    ("passport", "护照"),
    ("hk_mo", "港澳居民来往内地通行证"),
    ("taiwan", "台湾居民来往大陆通行证"),
    ("foreign_pr", "外国人永久居留身份证"),
]

POLITICAL = words(
    "中共党员 中共预备党员 共青团员 民革党员 民盟盟员 民建会员 民进会员 农工党党员 "
    "致公党党员 九三学社社员 台盟盟员 无党派人士 群众"
)

EDUCATION = [
    "博士研究生",
    "硕士研究生",
    "研究生",
    "大学本科",
    "大学专科",
    "中专",
    "技校",
    "高中",
    "初中",
    "小学",
    "其他",
]

HUKOU_TYPES = [("agricultural", "农业户口"), ("non_agricultural", "非农业户口")]

EMPLOYMENT = ["在岗", "下岗", "失业", "内退", "退休", "灵活就业", "其他"]

# 会员类型: how the member is employed; 农民工 and 劳务派遣 count separately in the
# upper union's statistics (domain.md §8).
MEMBER_TYPES = [
    ("regular", "普通会员"),
    ("migrant", "农民工"),
    ("dispatched", "劳务派遣"),
    ("flexible", "灵活就业"),
]

SKILL_LEVELS = ["", "初级工", "中级工", "高级工", "技师", "高级技师"]

"""Lines of a plan: cleaning, a width-normalised twin for matching, and noise.

Matching is done on a copy where full-width ASCII is folded to half-width (（一） → (一),
１．→ 1., ：→ :) one character for one character, so a match's offsets also hold in the
original line and titles keep the punctuation the author typed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_FOLD = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_FOLD.update(
    {
        0x3000: 0x20,  # ideographic space
        ord("〔"): ord("("),
        ord("〕"): ord(")"),
        ord("﹙"): ord("("),
        ord("﹚"): ord(")"),
        ord("–"): ord("—"),
        ord("－"): ord("-"),
        ord("～"): ord("~"),
        ord("\t"): ord("\t"),
    }
)
# Traditional characters of plan vocabulary → simplified, so that the verbs, keywords and
# heading names below also match a plan written in traditional characters (Big5 files).
_TRADITIONAL = "們们會会來来時时個个國国為为這这說说學学對对經经動动發发現现與与開开關关應应問问實实當当體体點点頭头從从兩两長长門门無无進进過过還还將将幾几種种樣样機机員员總总計计劃划組组織织職职議议勞劳歡欢樂乐愛爱師师範范書书記记處处務务產产業业專专團团隊队導导際际區区藝艺術术運运練练習习協协調调評评選选獎奖勵励財财審审權权婦妇節节慶庆舉举辦办幫帮難难溫温參参檢检換换屆届廠厂態态單单雙双語语讀读畫画攝摄賽赛籃篮聯联遊游費费預预決决報报傳传網网絡络訊讯標标準准維维護护險险療疗養养貼贴補补資资優优級级層层訓训講讲設设規规據据錄录檔档帳帐賬账銷销績绩獻献歲岁觀观賞赏戲戏詩诗誦诵戶户萬万億亿條条項项張张場场週周曆历歷历價价測测識识證证壓压災灾貧贫殘残醫医藥药衛卫號号紀纪黨党貫贯徹彻談谈論论構构屬属紅红線线農农車车環环綠绿續续簽签約约獲获視视訪访聽听請请讓让認认結结園园廣广質质數数額额懷怀兒儿親亲壽寿喪丧舊旧邊边錢钱鋼钢鐵铁銀银電电創创華华興兴寫写頒颁揚扬奮奋鬥斗積积極极響响備备編编輯辑類类別别圍围覽览靈灵齡龄稱称題题陽阳氣气風风幹干濟济滿满則则禮礼儀仪賀贺誼谊綜综劇剧獨独傷伤壯壮鞏巩購购買买賣卖貨货盡尽營营櫃柜臺台頁页顧顾閱阅覺觉繼继擴扩臨临爭争遠远啟启鄉乡鎮镇縣县驛驿傑杰嚴严責责"
_FOLD.update(
    {ord(_TRADITIONAL[i]): ord(_TRADITIONAL[i + 1]) for i in range(0, len(_TRADITIONAL), 2)}
)
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_INVISIBLE.update({0xA0: 0x20, 0x2028: 0x0A, 0x2029: 0x0A})


def fold(text: str) -> str:
    """Full-width ASCII → half-width, keeping the length."""
    return text.translate(_FOLD)


@dataclass
class Line:
    number: int  # 1-based line number in the plan's text
    text: str  # cleaned original
    norm: str  # width-folded twin, same length


def split_lines(text: str) -> list[Line]:
    """Non-empty cleaned lines with their line numbers."""
    text = text.translate(_INVISIBLE).replace("\r\n", "\n").replace("\r", "\n")
    out = []
    for index, raw in enumerate(text.split("\n"), start=1):
        clean = raw.strip()
        if clean:
            out.append(Line(index, clean, fold(clean)))
    return out


# A page-number line left by Word or a PDF copy: "- 3 -", "— 3 —", "3", "第 2 页 共 5 页",
# "第2页/共5页", "2/5", "Page 3 of 5".
_PAGE = re.compile(
    r"""^(?:
        [-—_\s]*\d{1,4}[-—_\s]*
      | \(?\s*第\s*\d{1,4}\s*页\s*(?:[,/、]?\s*共\s*\d{1,4}\s*页)?\s*\)?
      | 共\s*\d{1,4}\s*页(?:\s*[,/、]?\s*第\s*\d{1,4}\s*页)?
      | \d{1,4}\s*/\s*\d{1,4}
      | page\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?
    )$""",
    re.IGNORECASE | re.VERBOSE,
)

# Website boilerplate that scraped plan collections carry: navigation, "related articles",
# download buttons, source and copyright notes. At the start of a line these are never
# plan text.
_BOILER_START = re.compile(
    r"""^[\[【(]?\s*(?:
        更多(?:相关|精彩|推荐|范文|内容)?|相关(?:推荐|文章|阅读|范文|内容|热词|专题|搜索)|推荐(?:阅读|文章|范文)
      | 延伸阅读|热门(?:推荐|文章|范文|搜索)|猜你喜欢|精彩推荐|大家(?:都在看|还在看)|为你推荐
      | 本文(?:来源|来自|由|链接|地址|标题)|文章(?:来源|出处|链接|标题)|来源\s*:|出处\s*:|原文(?:链接|地址)
      | 免费下载|点击(?:下载|查看|阅读|进入|这里)|下载(?:地址|本文|全文|文档|word)|立即下载|全文下载
      | 上一篇|下一篇|上一页|下一页|返回(?:首页|目录|列表|顶部)|首页\s*[>›»]|当前位置|您的位置|你的位置
      | 责任编辑|编辑\s*:|作者\s*:|发布(?:时间|日期)\s*:|阅读(?:次数|量|全文)|浏览(?:次数|量)|展开全文
      | 欢迎(?:来到|访问|光临)|扫(?:一扫|码)|关注(?:公众号|微信|我们)|分享到|收藏(?:本文|本页)|打印本页|关闭窗口
      | 本站|声明\s*:|免责声明|版权(?:所有|声明|归)|copyright|©|广告\s*:?|\[广告\]|ad\s*:
      | 以上(?:就是|是)?(?:小编|本站)|小编(?:为|给|精心|整理)|查看更多|阅读更多|more\b
    )""",
    re.IGNORECASE | re.VERBOSE,
)
# Anywhere in a line: web addresses and phrases no plan contains.
_BOILER_ANYWHERE = re.compile(
    r"""(?:
        https?://|www\.|\b[\w-]+\.(?:com|cn|net|org)\b
      | 本文来源于|免费下载|点击下载|word版下载|文档下载|复制本文|侵权|联系删除|ICP备|版权所有
      | 转载请|未经允许|仅供参考.{0,6}下载|更多.{0,12}请(?:访问|关注|点击|登录)|精品范文|范文网|文库
    )""",
    re.IGNORECASE | re.VERBOSE,
)
# A site's list of article titles: "小学工会工作计划范文（精选5篇）", "工会工作计划模板大全".
_TITLE_LIST = re.compile(r"(?:范文|精选|大全|模板|范本|汇总|合集|\d+\s*篇\)?$|\d+字)")


# The rules of a table drawn in text: "|---|---|", "+-----+", "====".
_TABLE_RULE = re.compile(r"^[-=|+:_—\s]{3,}$")


def is_page_number(norm: str) -> bool:
    return bool(_PAGE.match(norm))


def is_boilerplate(norm: str) -> bool:
    if _BOILER_START.match(norm) or _BOILER_ANYWHERE.search(norm):
        return True
    # A short title-like line naming a collection, never a sentence of a plan.
    return len(norm) <= 40 and not re.search(r"[。;,]", norm) and bool(_TITLE_LIST.search(norm))


_RELATED_HEADER = re.compile(
    r"^[\[【(]?\s*(?:更多|相关|推荐|延伸阅读|热门|猜你喜欢|精彩推荐|为你推荐|大家都在看)"
)
_SHORT_TITLE = re.compile(r"^[^。;,:]{2,40}$")


# A line that is only a year (20xx年:, 2024年度) heads the months after it in a schedule;
# it says nothing to do, and the months below are read on their own.
_YEAR_ONLY = re.compile(
    r"^(?:(?:19|20)[\dxX×*]{2}|[一二〇○零][〇○零一二三四五六七八九xX×]{3})\s*年度?\s*[::]?$"
)


def drop_noise(lines: list[Line]) -> list[Line]:
    """Page numbers, boilerplate, lines that are only a year, the rules of a table drawn
    in text, and the list of article titles after "相关文章:"."""
    out: list[Line] = []
    in_related = False
    for line in lines:
        if (
            is_page_number(line.norm)
            or _TABLE_RULE.match(line.norm)
            or _YEAR_ONLY.match(line.norm.strip())
        ):
            continue
        if is_boilerplate(line.norm):
            in_related = bool(_RELATED_HEADER.match(line.norm))
            continue
        if (
            in_related
            and _SHORT_TITLE.match(line.norm)
            and re.search(r"(?:计划|总结|方案|心得|报告|范文|大全)$", line.norm)
        ):
            continue
        in_related = False
        out.append(line)
    return out

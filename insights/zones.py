"""Demonstration zones are the metro areas of accounts.models.Region; provinces are the free-text province
of organisations and listings, shown in English through the table below when the reader reads English."""
from django.utils.translation import get_language

from accounts.models import Region

# Provincial-level divisions, by the short name (the suffix 省/市/自治区/特别行政区 dropped).
PROVINCES_EN = {
    "北京": "Beijing", "天津": "Tianjin", "河北": "Hebei", "山西": "Shanxi", "内蒙古": "Inner Mongolia",
    "辽宁": "Liaoning", "吉林": "Jilin", "黑龙江": "Heilongjiang", "上海": "Shanghai", "江苏": "Jiangsu",
    "浙江": "Zhejiang", "安徽": "Anhui", "福建": "Fujian", "江西": "Jiangxi", "山东": "Shandong", "河南": "Henan",
    "湖北": "Hubei", "湖南": "Hunan", "广东": "Guangdong", "广西": "Guangxi", "海南": "Hainan", "重庆": "Chongqing",
    "四川": "Sichuan", "贵州": "Guizhou", "云南": "Yunnan", "西藏": "Tibet", "陕西": "Shaanxi", "甘肃": "Gansu",
    "青海": "Qinghai", "宁夏": "Ningxia", "新疆": "Xinjiang", "香港": "Hong Kong", "澳门": "Macao", "台湾": "Taiwan",
}
SUFFIXES = ("特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "省", "市")


def zone_slugs():
    return list(Region.values)


def zone_label(slug):
    return dict(Region.choices).get(slug, slug)


def is_zone(slug):
    return slug in Region.values


def province_label(name, language=None):
    if not name:
        return ""
    language = language or get_language() or ""
    if not language.startswith("en"):
        return name
    short = name
    for suffix in SUFFIXES:
        if short.endswith(suffix) and len(short) > len(suffix):
            short = short[: -len(suffix)]
            break
    return PROVINCES_EN.get(short, name)

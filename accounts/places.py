"""Place names in both languages: China's provinces and major cities, as people type them (江苏省 or 江苏,
南京 or 南京市, Jiangsu or Nanjing). Regions are stored as typed; this table shows them in the reader's language
wherever a region is displayed (`place_name`, `location`, and the `place`/`location` template filters)."""
import re

from django.utils.translation import get_language

# Provincial-level divisions: short Chinese name -> (full Chinese name, English name).
PROVINCES = {
    "北京": ("北京市", "Beijing"), "天津": ("天津市", "Tianjin"), "上海": ("上海市", "Shanghai"),
    "重庆": ("重庆市", "Chongqing"), "河北": ("河北省", "Hebei"), "山西": ("山西省", "Shanxi"),
    "辽宁": ("辽宁省", "Liaoning"), "吉林": ("吉林省", "Jilin"), "黑龙江": ("黑龙江省", "Heilongjiang"),
    "江苏": ("江苏省", "Jiangsu"), "浙江": ("浙江省", "Zhejiang"), "安徽": ("安徽省", "Anhui"),
    "福建": ("福建省", "Fujian"), "江西": ("江西省", "Jiangxi"), "山东": ("山东省", "Shandong"),
    "河南": ("河南省", "Henan"), "湖北": ("湖北省", "Hubei"), "湖南": ("湖南省", "Hunan"),
    "广东": ("广东省", "Guangdong"), "海南": ("海南省", "Hainan"), "四川": ("四川省", "Sichuan"),
    "贵州": ("贵州省", "Guizhou"), "云南": ("云南省", "Yunnan"), "陕西": ("陕西省", "Shaanxi"),
    "甘肃": ("甘肃省", "Gansu"), "青海": ("青海省", "Qinghai"), "台湾": ("台湾省", "Taiwan"),
    "内蒙古": ("内蒙古自治区", "Inner Mongolia"), "广西": ("广西壮族自治区", "Guangxi"),
    "西藏": ("西藏自治区", "Xizang (Tibet)"), "宁夏": ("宁夏回族自治区", "Ningxia"),
    "新疆": ("新疆维吾尔自治区", "Xinjiang"), "香港": ("香港特别行政区", "Hong Kong"),
    "澳门": ("澳门特别行政区", "Macao"),
}

# Major cities (provincial capitals, sub-provincial and other large cities): short Chinese name -> English.
CITIES = {
    "北京": "Beijing", "天津": "Tianjin", "上海": "Shanghai", "重庆": "Chongqing", "石家庄": "Shijiazhuang",
    "唐山": "Tangshan", "保定": "Baoding", "太原": "Taiyuan", "大同": "Datong", "呼和浩特": "Hohhot",
    "包头": "Baotou", "沈阳": "Shenyang", "大连": "Dalian", "长春": "Changchun", "哈尔滨": "Harbin",
    "南京": "Nanjing", "苏州": "Suzhou", "无锡": "Wuxi", "常州": "Changzhou", "南通": "Nantong",
    "扬州": "Yangzhou", "徐州": "Xuzhou", "杭州": "Hangzhou", "宁波": "Ningbo", "温州": "Wenzhou",
    "绍兴": "Shaoxing", "嘉兴": "Jiaxing", "金华": "Jinhua", "义乌": "Yiwu", "合肥": "Hefei", "芜湖": "Wuhu",
    "福州": "Fuzhou", "厦门": "Xiamen", "泉州": "Quanzhou", "南昌": "Nanchang", "景德镇": "Jingdezhen",
    "济南": "Jinan", "青岛": "Qingdao", "烟台": "Yantai", "曲阜": "Qufu", "郑州": "Zhengzhou",
    "洛阳": "Luoyang", "开封": "Kaifeng", "武汉": "Wuhan", "长沙": "Changsha", "广州": "Guangzhou",
    "深圳": "Shenzhen", "珠海": "Zhuhai", "佛山": "Foshan", "东莞": "Dongguan", "海口": "Haikou",
    "三亚": "Sanya", "成都": "Chengdu", "绵阳": "Mianyang", "贵阳": "Guiyang", "昆明": "Kunming",
    "大理": "Dali", "丽江": "Lijiang", "拉萨": "Lhasa", "西安": "Xi'an", "兰州": "Lanzhou",
    "敦煌": "Dunhuang", "西宁": "Xining", "银川": "Yinchuan", "乌鲁木齐": "Ürümqi", "南宁": "Nanning",
    "桂林": "Guilin", "香港": "Hong Kong", "澳门": "Macao", "台北": "Taipei", "雄安": "Xiong'an",
}

SUFFIXES = ("壮族自治区", "回族自治区", "维吾尔自治区", "特别行政区", "自治区", "省", "市")
ENGLISH_SUFFIXES = re.compile(r"\s+(province|city|municipality|shi|sheng)$", re.I)


def _key(name):
    """江苏省 -> 江苏, 南京市 -> 南京; other text unchanged."""
    name = (name or "").strip()
    for suffix in SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


def _from_english():
    table = {}
    for full, english in PROVINCES.values():
        table[english.lower()] = full
    for short, english in CITIES.items():
        table.setdefault(english.lower(), short)
    table["xizang"] = table["tibet"] = PROVINCES["西藏"][0]
    table["xian"] = "西安"
    return table


FROM_ENGLISH = _from_english()


def _is_english(language):
    return (language or get_language() or "").startswith("en")


def place_name(name, language=None, *, kind=None):
    """A province or city in the reader's language; a name we do not know is shown as typed.
    `kind` ("province" or "city") settles names that are both (北京)."""
    name = (name or "").strip()
    if not name:
        return ""
    key = _key(name)
    if _is_english(language):
        if kind != "city" and key in PROVINCES:
            return PROVINCES[key][1]
        return CITIES.get(key) or (PROVINCES[key][1] if key in PROVINCES else name)
    english = ENGLISH_SUFFIXES.sub("", name).lower()
    return FROM_ENGLISH.get(english, name)


def location(province, city, language=None):
    """"江苏省 南京" in Chinese, "Nanjing, Jiangsu" in English; a municipality once (北京市 / Beijing)."""
    province_shown = place_name(province, language, kind="province")
    city_shown = place_name(city, language, kind="city")
    if city_shown and province_shown and _key(city) == _key(province) or not province_shown:
        return city_shown or province_shown
    if not city_shown:
        return province_shown
    if _is_english(language):
        return f"{city_shown}, {province_shown}"
    return f"{province_shown} {city_shown}"

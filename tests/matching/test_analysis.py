"""The Python analysis shared by the index, search and matching: jieba words with the taxonomy and glossary as
user words, Snowball stems without the index's stop words, and the glossary's terms across languages."""
from matching.analysis import analyse, cross_language_terms, glossary_entries, user_words


def test_chinese_is_cut_into_words_and_keeps_glossary_terms_whole():
    words = analyse("面向数字博物馆的动作捕捉技术", "zh").split()

    assert {"数字博物馆", "动作捕捉", "博物馆", "技术"} <= set(words)
    assert "动作捕捉" in user_words() and "数字博物馆" in user_words()


def test_english_is_stemmed_without_the_index_stop_words():
    assert analyse("The Museums of digitised heritage and a dancer", "en") == "museum digitis heritag dancer"
    assert analyse("only English here", "zh") == ""


def test_an_english_text_and_a_chinese_one_name_the_same_glossary_entries():
    english = {entry["id"] for entry in glossary_entries("Motion capture of dancers for a virtual reality show")}
    chinese = {entry["id"] for entry in glossary_entries("面向舞蹈演员的动作捕捉与虚拟现实演出")}

    assert {"mocap", "vr"} <= english & chinese


def test_a_text_is_expanded_with_the_other_language_terms_of_its_glossary_entries():
    assert "动作捕捉" in cross_language_terms("motion capture studio", "en")
    assert "motion capture" in cross_language_terms("动捕工作室", "zh")
    assert "ar" not in {e["id"] for e in glossary_entries("art history")}  # whole words, not "ar" in "art"


def test_a_listing_is_indexed_with_its_words_stems_and_glossary_entries_unless_the_setting_turns_it_off(settings):
    from matching.backends.elasticsearch.queries import work_query
    from matching.documents import listing_document
    from matching.profiles import ListingProfile
    from matching.text import TUNING

    profile = ListingProfile(id=1, kind="capability", title="舞蹈动作捕捉", summary="Motion capture of dancers")
    document = listing_document(profile)
    assert "动作捕捉" in document["text_seg"].split() and "dancer" in document["text_stem"].split()
    assert {"mocap", "dance"} <= set(document["concepts"])
    assert "text_seg" in str(work_query("舞蹈动作捕捉", {}, TUNING).to_dict())

    settings.SEARCH_PYTHON_ANALYSIS = False

    assert not {"text_seg", "text_stem", "concepts"} & set(listing_document(profile))
    assert "text_seg" not in str(work_query("舞蹈动作捕捉", {}, TUNING).to_dict())

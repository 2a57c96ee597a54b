"""Snippets are made in Python from the hit's own text, the same way on both backends."""
from matching.highlight import highlight, highlight_terms, snippets


def test_query_terms_are_words_without_stop_words_and_chinese_bigrams():
    assert highlight_terms("The CLOUD rendering") == {"cloud", "rendering"}
    assert highlight_terms("数字博物馆") == {"数字", "字博", "博物", "物馆"}
    assert highlight_terms("云") == {"云"}


def test_the_parts_of_a_chinese_query_are_marked_where_they_stand_apart():
    snippet = highlight("我们为数字化的博物馆提供三维扫描服务", highlight_terms("数字博物馆"))

    assert snippet == "我们为<mark>数字</mark>化的<mark>博物馆</mark>提供三维扫描服务"


def test_words_match_whole_and_in_any_case_and_the_text_is_escaped():
    snippet = highlight("Cloud-rendering for <games>, not clouds", highlight_terms("cloud"))

    assert snippet == "<mark>Cloud</mark>-rendering for &lt;games&gt;, not clouds"


def test_a_long_text_is_cut_around_the_most_matches():
    text = "Opening words. " * 30 + "Motion capture: optical motion capture for dance. " + "Closing words. " * 30

    snippet = highlight(text, highlight_terms("motion capture"), size=140)

    assert snippet.startswith("…") and snippet.endswith("…")
    assert snippet.count("<mark>") == 4
    assert len(snippet.replace("<mark>", "").replace("</mark>", "")) <= 142


def test_no_match_no_snippet():
    assert highlight("Cloud rendering", highlight_terms("博物馆")) == ""
    assert highlight("", highlight_terms("cloud")) == ""


def test_a_word_glued_to_chinese_is_its_own_term():
    assert highlight_terms("VR眼镜") == {"vr", "眼镜"}


def test_snippets_drop_the_markdown_syntax_of_a_description():
    found = snippets({"title": "Motion capture", "summary": "", "description": "### Kit\n- **optical** capture"},
                     highlight_terms("capture"))

    assert found == {"title": "Motion <mark>capture</mark>", "description": "Kit\noptical <mark>capture</mark>"}

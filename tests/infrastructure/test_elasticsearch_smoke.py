import pytest
from elasticsearch_dsl import Document, Keyword, Text

pytestmark = pytest.mark.elasticsearch


def test_index_and_find_by_chinese_and_english_query(es_client, es_namespace):
    index_name = f"{es_namespace}-smoke"

    class Note(Document):
        title = Text(analyzer="standard")
        lang = Keyword()

        class Index:
            name = index_name

    Note.init(using=es_client)
    Note(meta={"id": "zh"}, title="博物馆文物三维数字化扫描", lang="zh").save(using=es_client, refresh=True)
    Note(meta={"id": "en"}, title="Cloud rendering for mobile games", lang="en").save(using=es_client, refresh=True)

    # The standard tokenizer gives one token per Chinese character, so a two-character query finds the text.
    zh_hits = Note.search(using=es_client).query("match", title="文物").execute()
    assert [hit.meta.id for hit in zh_hits] == ["zh"]
    analyzed = es_client.indices.analyze(index=index_name, analyzer="standard", text="文物")
    assert [token["token"] for token in analyzed["tokens"]] == ["文", "物"]

    en_hits = Note.search(using=es_client).query("match", title="RENDERING").execute()
    assert [hit.meta.id for hit in en_hits] == ["en"]

    version = es_client.nodes.info(node_id="_local")["nodes"].popitem()[1]["version"]
    assert version.startswith("8.19.")

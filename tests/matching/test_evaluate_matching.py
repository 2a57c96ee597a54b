"""`evaluate_matching` ranks with exactly what production returns; the judged documents production did not
reach are scored apart, for the pairwise loss only, so they never lift themselves into the ranking."""
import json
from io import StringIO

import pytest
from django.core.management import call_command

from matching.evaluation.quality import TOP

pytestmark = pytest.mark.elasticsearch

FILLER = TOP + 10  # short texts on the query's word: they fill every place of the ranking


def write_dataset(directory):
    # Unrelated texts keep the query's word rare, so that the longer judged texts still score above 0 (the
    # similarity scores a common word in a long text as nothing), below the short fillers.
    corpus = [{"_id": f"n{i}", "title": "", "text": f"gamma delta {i}"} for i in range(500)]
    corpus += [{"_id": f"f{i}", "title": "", "text": f"alpha beta {i}"} for i in range(FILLER)]
    corpus += [{"_id": "shorter", "title": "", "text": "alpha " + " ".join(f"w{i}" for i in range(7))},
               {"_id": "longer", "title": "", "text": "alpha " + " ".join(f"w{i}" for i in range(11))}]
    (directory / "qrels").mkdir()
    (directory / "corpus.jsonl").write_text("\n".join(json.dumps(d) for d in corpus), encoding="utf-8")
    (directory / "queries.jsonl").write_text(json.dumps({"_id": "q1", "text": "alpha"}), encoding="utf-8")
    (directory / "qrels" / "test.tsv").write_text("query-id\tcorpus-id\tscore\nq1\tshorter\t2\nq1\tlonger\t1\n",
                                                  encoding="utf-8")


def test_judged_documents_beyond_the_candidates_are_scored_but_not_ranked(tmp_path, es_client, es_namespace):
    write_dataset(tmp_path)
    out = StringIO()

    call_command("evaluate_matching", str(tmp_path), "--run-file", str(tmp_path / "run.trec"), stdout=out)

    figures = json.loads(out.getvalue())
    assert (figures["queries"], figures["documents"]) == (1, 500 + FILLER + 2)
    engine = figures["engine"]
    assert engine["recall@100"] == 0.0  # production's candidates are all fillers
    assert engine["pairwise_loss"] == 0.0  # yet the two judged documents are ordered, not tied as unscored
    assert set(figures["baseline_bm25"]) == set(engine)
    run = [line.split() for line in (tmp_path / "run.trec").read_text().splitlines()]
    # The production ranking, then the judged documents it did not reach, with their own scores.
    assert len(run) == TOP + 2
    assert all(row[2].startswith("f") for row in run[:TOP])
    assert [row[2] for row in run[TOP:]] == ["shorter", "longer"]
    assert [row[3] for row in run] == [str(rank) for rank in range(1, TOP + 3)]
    assert all(row[1] == "Q0" and row[5] == "ctx-elasticsearch" for row in run)


def independent_pairwise_loss(run_path, qrels_path):
    """The study's loss as another scorer would write it, from the two files alone: over the judged pairs of
    different grades, weight |grade difference|, a mistake when the better one scores lower, half when tied."""
    scores = {}
    for line in run_path.read_text().splitlines():
        query, _, doc, _, score, _ = line.split()
        scores.setdefault(query, {})[doc] = float(score)
    grades = {}
    for line in qrels_path.read_text().splitlines()[1:]:
        query, doc, grade = line.split("\t")
        grades.setdefault(query, {})[doc] = float(grade)
    mistakes = total = 0.0
    for query, judged in grades.items():
        for a in judged:
            for b in judged:
                if judged[a] > judged[b]:
                    weight = judged[a] - judged[b]
                    total += weight
                    s_a, s_b = scores[query][a], scores[query][b]  # every judged pair must be in the file
                    mistakes += weight if s_a < s_b else weight / 2 if s_a == s_b else 0.0
    return mistakes / total


def test_the_run_file_lets_an_independent_scorer_read_the_printed_loss(tmp_path, es_client, es_namespace):
    write_dataset(tmp_path)
    # A second query whose better judged document does not hold its words (text 0): a mistake, so the loss is
    # neither 0 nor the same whatever the scores of the documents the ranking did not reach.
    with open(tmp_path / "queries.jsonl", "a", encoding="utf-8") as handle:
        handle.write("\n" + json.dumps({"_id": "q2", "text": "gamma delta"}))
    with open(tmp_path / "qrels" / "test.tsv", "a", encoding="utf-8") as handle:
        handle.write("q2\tn3\t1\nq2\tf4\t2\nq2\tn7\t0\n")
    out = StringIO()

    call_command("evaluate_matching", str(tmp_path), "--run-file", str(tmp_path / "run.trec"), stdout=out)

    printed = json.loads(out.getvalue())["engine"]["pairwise_loss"]
    assert 0 < printed < 1
    assert independent_pairwise_loss(tmp_path / "run.trec", tmp_path / "qrels" / "test.tsv") == pytest.approx(
        printed, abs=5e-5)

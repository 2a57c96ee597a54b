"""Management commands: import_listings, expire_listings, load_demo."""
import datetime
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from accounts.models import Membership, Organisation, User
from collaboration.models import Interest
from core.models import AuditEntry, OutboxEvent
from events.models import Event, Meeting, MeetingReport, Participant
from marketplace.models import Listing, Sector

pytestmark = pytest.mark.django_db
S = Listing.Status
FUTURE = (timezone.localdate() + datetime.timedelta(days=90)).isoformat()
PAST = (timezone.localdate() - datetime.timedelta(days=9)).isoformat()


def run(*args):
    out, err = StringIO(), StringIO()
    call_command(*args, "--no-progress", stdout=out, stderr=err) if args[0] == "import_listings" else \
        call_command(*args, stdout=out, stderr=err)
    return out.getvalue()


@pytest.fixture
def firm():
    return Organisation.objects.create(slug="import-firm", kind="enterprise", name_zh="导入企业")


def write_jsonl(path, lines):
    path.write_text("\n".join(line if isinstance(line, str) else json.dumps(line, ensure_ascii=False)
                              for line in lines) + "\n", encoding="utf-8")
    return path


def eu_topic(topic_id, **extra):
    row = {"id": topic_id, "title": f"Topic {topic_id}", "description": "Expected Outcome: better museums. " * 20,
           "keywords": ["heritage", "XR"], "deadline": FUTURE, "budget_min_eur": 1000000, "budget_max_eur": 2000000,
           "url": f"https://example.eu/{topic_id}", "status": "open"}
    row.update(extra)
    return row


@pytest.fixture
def topics_file(tmp_path):
    return write_jsonl(tmp_path / "topics.jsonl", [
        eu_topic("GOOD-1"),
        '{"id": "BROKEN", "title": ',                                  # line 2: bad JSON
        eu_topic("NO-TITLE", title=""),                                  # line 3: missing title
        eu_topic("BAD-DATE", deadline="sometime in spring"),             # line 4: bad date
        eu_topic("GOOD-2", budget_min_eur=None, budget_max_eur=None),    # line 5
        eu_topic("BAD-BUDGET", budget_min_eur=5, budget_max_eur=1),      # line 6: inverted budget
        eu_topic("OLD", deadline=PAST),                                  # line 7: past deadline -> expired
    ])


def test_import_reports_each_malformed_row_and_imports_the_rest(firm, topics_file):
    out = run("import_listings", str(topics_file), "--kind", "need", "--organisation", "import-firm",
              "--status", "published")
    assert "Read: 7 rows" in out
    assert "Imported: 3 (expired 1, published 2)" in out
    assert "Rejected: 4" in out
    assert "line 2: invalid JSON" in out
    assert "line 3: missing title" in out
    assert "line 4: deadline must be a date" in out
    assert "line 6: budget_min is above budget_max" in out
    assert "Seconds:" in out
    listings = {listing.external_id: listing for listing in Listing.objects.filter(organisation=firm)}
    assert set(listings) == {"GOOD-1", "GOOD-2", "OLD"}
    good = listings["GOOD-1"]
    assert (good.kind, good.status, good.budget_min, good.budget_max) == ("need", S.PUBLISHED, 7_800_000, 15_600_000)
    assert good.published_at and good.submitted_at and good.deadline.isoformat() == FUTURE
    assert good.keywords == ["heritage", "XR"] and len(good.summary) <= 201
    assert "https://example.eu/GOOD-1" in good.description and "European Union" in good.description
    assert listings["OLD"].status == S.EXPIRED
    assert AuditEntry.objects.filter(action="listing.import").count() == 3


def test_a_dry_run_changes_nothing(firm, topics_file):
    out = run("import_listings", str(topics_file), "--kind", "need", "--organisation", "import-firm", "--dry-run")
    assert "Dry run" in out and "Imported: 3 (draft 3)" in out and "Rejected: 4" in out
    assert not Listing.objects.exists() and not AuditEntry.objects.exists()


def test_importing_again_skips_rows_already_imported(firm, topics_file):
    run("import_listings", str(topics_file), "--kind", "need", "--organisation", "import-firm")
    out = run("import_listings", str(topics_file), "--kind", "need", "--organisation", "import-firm")
    assert "Imported: 0" in out and "Skipped: 3 already imported" in out
    assert Listing.objects.count() == 3


def test_csl_papers_shape_imports_as_capabilities(tmp_path):
    Organisation.objects.create(slug="lab", kind="institute", name_zh="实验室")
    abstract = "本文提出一种基于深度学习的文物图像修复方法。" * 12
    path = write_jsonl(tmp_path / "papers.jsonl", [
        {"id": "csl-1", "title": "文物图像修复", "abstract": abstract, "keywords": ["文物", "修复"],
         "category": "工学", "discipline": "计算机科学与技术"},
        {"id": "csl-2", "abstract": "没有标题"},
    ])
    out = run("import_listings", str(path), "--kind", "capability", "--organisation", "lab")
    assert "Imported: 1 (draft 1)" in out and "line 2: missing title" in out
    listing = Listing.objects.get()
    assert listing.kind == "capability" and listing.external_id == "csl-1"
    assert listing.description.startswith(abstract) and listing.summary.endswith("。")
    assert len(listing.summary) <= 200 and listing.keywords == ["文物", "修复"]


def test_csv_with_a_column_map_and_enum_checks(tmp_path):
    Organisation.objects.create(slug="lab", kind="institute", name_zh="实验室")
    Sector.objects.create(slug="games-csv", name_zh="游戏", name_en="Games")
    path = tmp_path / "listings.csv"
    path.write_text(
        "名称,简介,ip,trl,sectors,visibility\n"
        "Engine,A game engine,granted_patent,6,games-csv,public\n"
        "Bad IP,Something,stolen,6,,public\n"
        "Bad TRL,Something,open_source,12,,public\n"
        "Bad sector,Something,open_source,3,no-such-sector,public\n",
        encoding="utf-8",
    )
    out = run("import_listings", str(path), "--kind", "capability", "--organisation", "lab",
              "--map", "title=名称", "--map", "summary=简介", "--map", "ip_status=ip", "--map", "trl_min=trl",
              "--map", "sectors=sectors", "--map", "visibility=visibility")
    assert "Imported: 1" in out
    assert "line 3: ip_status must be one of" in out
    assert "line 4: trl_min must be from 1 to 9" in out
    assert "line 5: unknown sectors: no-such-sector" in out
    listing = Listing.objects.get()
    assert (listing.title, listing.ip_status, listing.trl_min, listing.trl_max) == ("Engine", "granted_patent", 6, 6)
    assert list(listing.sectors.values_list("slug", flat=True)) == ["games-csv"]


def test_import_refuses_an_unknown_organisation_or_field(tmp_path):
    path = write_jsonl(tmp_path / "x.jsonl", [{"title": "x"}])
    with pytest.raises(CommandError):
        run("import_listings", str(path), "--kind", "need", "--organisation", "nobody")
    Organisation.objects.create(slug="lab", kind="institute", name_zh="实验室")
    with pytest.raises(CommandError):
        run("import_listings", str(path), "--kind", "need", "--organisation", "lab", "--map", "colour=title")


def test_expire_listings_prints_the_count(people):
    from tests.factories import make_listing

    make_listing(people.org, status=S.PUBLISHED, deadline=timezone.localdate() - datetime.timedelta(days=2))
    assert "Expired 1 listing(s)." in run("expire_listings")
    assert "Expired 0 listing(s)." in run("expire_listings")


def _demo_counts():
    return {
        "users": User.objects.count(), "organisations": Organisation.objects.count(),
        "memberships": Membership.objects.count(), "listings": Listing.objects.count(),
        "published": Listing.objects.filter(status=S.PUBLISHED).count(),
        "featured": Listing.objects.filter(featured=True).count(), "audit": AuditEntry.objects.count(),
        "interests": Interest.objects.count(), "events": Event.objects.count(),
        "participants": Participant.objects.count(), "meetings": Meeting.objects.count(),
        "reports": MeetingReport.objects.count(),
    }


def test_load_demo_is_idempotent_and_prints_the_accounts():
    first = run("load_demo")
    counts = _demo_counts()
    second = run("load_demo")
    assert _demo_counts() == counts
    assert counts["organisations"] >= 10 and counts["listings"] >= 20 and counts["published"] >= 10
    assert counts["events"] == 2 and counts["meetings"] > 0 and counts["reports"] > 0  # demo_events
    assert first == second
    demo = json.loads((__import__("marketplace.management.commands.load_demo", fromlist=["x"]).DEMO_FILE)
                      .read_text(encoding="utf-8"))
    for user in demo["users"]:
        assert user["email"] in first and user["password"] in first
        account = User.objects.get(email=user["email"].lower())
        assert account.check_password(user["password"]) and account.is_staff == bool(user.get("staff"))
    published = Listing.objects.filter(status=S.PUBLISHED)
    assert not published.filter(published_at=None).exists() and not published.filter(submitted_at=None).exists()
    assert not Listing.objects.exclude(status=S.PUBLISHED).filter(featured=True).exists()
    # Demo listings past their deadline are stored as expired, as the daily sweep leaves them (#15 item 11).
    assert not published.filter(deadline__lt=timezone.localdate()).exists()
    assert Listing.objects.filter(status=S.EXPIRED, deadline__lt=timezone.localdate()).exists()
    # Written through the services: each listing's audit trail and events are those of the workflow.
    trail = {}
    for target_id, action in AuditEntry.objects.filter(target_type="marketplace.listing").values_list(
            "target_id", "action"):
        trail.setdefault(target_id, set()).add(action)
    assert all({"listing.create", "listing.submit", "listing.approve"} <= trail[pk]
               for pk in published.values_list("pk", flat=True))
    # Published through the workflow; those past their deadline were then expired by the sweep.
    expired = Listing.objects.filter(external_id__startswith="demo-", status=S.EXPIRED)
    assert OutboxEvent.objects.filter(type="listing.published").count() == published.count() + expired.count()
    assert OutboxEvent.objects.filter(type="listing.created").count() == counts["listings"]

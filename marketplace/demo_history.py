"""Months of demo history for load_demo, so that the insights charts show something: publication spread over a
year, matches dated after both sides were published, and interests sent, answered (declined with a reason or
accepted) and brought to an outcome through the collaboration services, then dated back.

Deterministic (every choice is a hash of the two listings) and idempotent: an interest already there is left
alone, and dates are set to the same values again."""
import datetime
import hashlib

from django.utils import timezone

from accounts.models import Membership, Organisation, User
from collaboration.models import Interest
from collaboration.services import interest_accept, interest_decline, interest_record_outcome, interest_send
from core.exceptions import ApplicationError
from matching.models import Match

from .models import Listing

S = Interest.State
INTEREST_SHARE = 24  # percent of the matches that lead to an interest
MESSAGES = {
    "need": "我们的团队在这一方向有成熟积累，希望进一步了解贵方的需求与时间安排。",
    "capability": "我们正在寻找这方面的技术合作伙伴，希望了解授权或联合研发的方式。",
}
OTHER_NOTE = "项目方向已调整，暂不推进。"
ABANDON_NOTE = "双方资源安排冲突，合作暂停。"


def _roll(*parts):
    return int(hashlib.sha1("|".join(parts).encode()).hexdigest()[:8], 16)


def team_user(organisation):
    """An owner of the organisation to act for it: a demo account if one belongs there, else its team account
    (no password: it cannot sign in)."""
    membership = (Membership.objects.filter(organisation=organisation, role=Membership.Role.OWNER)
                  .select_related("user").order_by("pk").first())
    if membership:
        return membership.user
    user, created = User.objects.get_or_create(email=f"team.{organisation.slug}@demo.ctx",
                                               defaults={"display_name": f"{organisation.name_zh}团队"})
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    Membership.objects.get_or_create(user=user, organisation=organisation, defaults={"role": Membership.Role.OWNER})
    return user


def date_matches(now):
    """A demo match is dated an hour after the later of its two listings was published."""
    changed = []
    for match in Match.objects.filter(need__external_id__startswith="demo-").select_related("need", "capability"):
        moments = [moment for moment in (match.need.published_at, match.capability.published_at) if moment]
        if moments:
            match.created_at = min(max(moments) + datetime.timedelta(hours=1), now)
            changed.append(match)
    Match.objects.bulk_update(changed, ["created_at"], batch_size=500)
    return changed


def _answer(interest, owner, roll):
    fate = roll % 100
    if fate < 14:
        return  # still waiting for an answer
    if fate < 44:
        reasons = Interest.DeclineReason.values
        reason = reasons[(roll // 100) % len(reasons)]
        interest_decline(user=owner, interest=interest, reason=reason,
                         note=OTHER_NOTE if reason == Interest.DeclineReason.OTHER else "")
        return
    interest_accept(user=owner, interest=interest)
    outcome = (roll // 1000) % 100
    if outcome >= 30:
        interest_record_outcome(user=owner, interest=interest, outcome="started")
    if 60 <= outcome < 90:
        interest_record_outcome(user=owner, interest=interest, outcome="completed")
    elif outcome >= 90:
        interest_record_outcome(user=owner, interest=interest, outcome="abandoned", note=ABANDON_NOTE)


def _date(interest, match_at, roll, now):
    """Sent some days after the match, answered hours to days later, the outcome weeks after that."""
    cap = now - datetime.timedelta(hours=1)
    created = min(match_at + datetime.timedelta(days=1 + roll % 20, hours=roll % 11), cap)
    fields = {"created_at": created}
    if interest.answered_at:
        fields["answered_at"] = min(created + datetime.timedelta(hours=2 + (roll // 7) % 120), cap)
    if interest.outcome_at:
        fields["outcome_at"] = min(fields["answered_at"] + datetime.timedelta(days=5 + (roll // 13) % 40), cap)
    Interest.objects.filter(pk=interest.pk).update(**fields)


def demo_views(listings, organisations):
    """View counts and viewing organisations of the published demo listings (absolute, so idempotent)."""
    from insights.models import ListingViewCount, ListingViewer

    viewers = []
    for listing in listings:
        roll = _roll(listing.external_id, "views")
        ListingViewCount.objects.update_or_create(listing=listing, defaults={"views": 20 + roll % 280})
        others = [org for org in organisations if org.pk != listing.organisation_id]
        for step in range(3 + roll % 6):
            viewers.append(ListingViewer(listing=listing, organisation=others[(roll // 7 + step * 5) % len(others)]))
    ListingViewer.objects.bulk_create(viewers, ignore_conflicts=True)


def load_history(now=None):
    """Returns the number of interests created."""
    now = now or timezone.now()
    created = 0
    matches = sorted(date_matches(now), key=lambda m: (m.need.external_id, m.capability.external_id))
    for match in matches:
        need, capability = match.need, match.capability
        roll = _roll(need.external_id, capability.external_id)
        if roll % 100 >= INTEREST_SHARE:
            continue
        # The lab answers a need, or the firm asks about a capability.
        listing, sender = (need, capability.organisation) if roll % 2 == 0 else (capability, need.organisation)
        if listing.organisation_id == sender.pk or listing.status != Listing.Status.PUBLISHED:
            continue
        if Interest.objects.filter(listing=listing, from_organisation=sender).exists():
            continue
        try:
            interest = interest_send(user=team_user(sender), organisation=sender, listing=listing,
                                     message=MESSAGES[listing.kind])
            _answer(interest, team_user(listing.organisation), roll // 100)
        except ApplicationError:
            continue
        interest.refresh_from_db()
        _date(interest, match.created_at, roll, now)
        created += 1
    published = Listing.objects.filter(external_id__startswith="demo-", status=Listing.Status.PUBLISHED)
    demo_views(published.order_by("pk"), list(Organisation.objects.filter(
        pk__in=published.values("organisation_id")).order_by("slug")))
    return created

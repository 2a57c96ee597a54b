"""Small builders for test data. They go through the models directly; tests of services call the services."""
import itertools

from django.utils import timezone

from accounts.models import Membership, Organisation, User
from marketplace.models import CollaborationType, Listing, Sector, Technology

_seq = itertools.count(1)


def make_user(email=None, password="pass-word-123", **extra):
    n = next(_seq)
    return User.objects.create_user(email=email or f"user{n}@example.com", password=password, **extra)


def make_staff(**extra):
    return make_user(is_staff=True, **extra)


def make_org(kind=Organisation.Kind.UNIVERSITY, verified=False, **extra):
    n = next(_seq)
    extra.setdefault("slug", f"org-{n}")
    extra.setdefault("name_zh", f"组织{n}")
    extra.setdefault("name_en", f"Organisation {n}")
    if verified:
        extra["verification"] = Organisation.Verification.VERIFIED
    return Organisation.objects.create(kind=kind, **extra)


def make_member(org, role=Membership.Role.EDITOR, user=None):
    user = user or make_user()
    Membership.objects.create(user=user, organisation=org, role=role)
    return user


def make_sector(slug=None, **extra):
    slug = slug or f"sector-{next(_seq)}"
    return Sector.objects.get_or_create(slug=slug, defaults={"name_zh": extra.get("name_zh", slug),
                                                             "name_en": extra.get("name_en", slug)})[0]


def make_technology(slug=None, **extra):
    slug = slug or f"tech-{next(_seq)}"
    return Technology.objects.get_or_create(slug=slug, defaults={"name_zh": extra.get("name_zh", slug),
                                                                 "name_en": extra.get("name_en", slug)})[0]


def make_listing(org=None, kind=Listing.Kind.CAPABILITY, status=Listing.Status.PUBLISHED, sectors=(),
                 technologies=(), collaboration_types=(), **extra):
    org = org or make_org()
    n = next(_seq)
    extra.setdefault("title", f"Listing {n}")
    extra.setdefault("summary", f"Summary of listing {n}")
    if status == Listing.Status.PUBLISHED:
        extra.setdefault("published_at", timezone.now())
    listing = Listing.objects.create(organisation=org, kind=kind, status=status, **extra)
    listing.sectors.set(sectors)
    listing.technologies.set(technologies)
    listing.collaboration_types.set(CollaborationType.objects.filter(slug__in=collaboration_types))
    return listing


def confirm_email(user, email=None):
    """Give the user a confirmed (allauth) address, by default their own: what signing up and confirming leaves."""
    from allauth.account.models import EmailAddress

    email = email or user.email
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=email == user.email)
    return user

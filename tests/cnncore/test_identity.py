"""Whom a signed-in user acts as: an e-mail only when the identity provider vouches for it
(``owners.identity_from_claims``), and what that means for owners and admins."""

from __future__ import annotations

import pytest

from cnncore.errors import InvalidInput
from cnncore.store import owners


@pytest.fixture
def admins(monkeypatch):
    monkeypatch.setenv("CNNLAB_ADMINS", "root@x")


@pytest.mark.parametrize("verified", [True, "true", "True", " TRUE "])
def test_a_verified_e_mail_is_the_identity(verified):
    claims = {"sub": "a1", "email": " Alice@X ", "email_verified": verified}
    assert owners.identity_from_claims(claims) == "alice@x"      # as check_user stores it


@pytest.mark.parametrize("verified", [False, "false", "False", "no", 0, ""])
def test_an_e_mail_marked_anything_but_true_is_refused(verified):
    with pytest.raises(InvalidInput) as info:
        owners.identity_from_claims({"sub": "m1", "email": "alice@x", "email_verified": verified})
    assert info.value.code == "email_unverified" and info.value.values == {"email": "alice@x"}
    assert str(info.value) == ("the identity provider has not verified the e-mail address alice@x. "
                               f"Received: email_verified={verified!r}")


@pytest.mark.parametrize("claims", [
    {"sub": "e1", "email": "alice@x"},                          # Entra ID: no email_verified
    {"sub": "e1", "email": "alice@x", "email_verified": None},
    {"sub": "e1"},                                               # no e-mail at all
    {"sub": "e1", "email": "", "email_verified": False},         # an empty e-mail is no e-mail
])
def test_without_a_vouched_e_mail_the_identity_is_the_subject(claims):
    assert owners.identity_from_claims(claims) == "oidc:e1"


def test_a_token_without_sub_is_no_id_token():
    with pytest.raises(ValueError, match=r"must carry a sub claim. Received: claims=\['email'\]"):
        owners.identity_from_claims({"email": "alice@x"})


def test_an_unverified_admin_e_mail_is_no_admin(admins):
    with pytest.raises(InvalidInput, match="not verified the e-mail address root@x"):
        owners.identity_from_claims({"sub": "m1", "email": "root@x", "email_verified": "false"})
    who = owners.identity_from_claims({"sub": "m1", "email": "root@x"})      # unvouched
    assert who == "oidc:m1" and not owners.is_admin(who)
    assert not owners.may_act(who, "alice@x")
    vouched = owners.identity_from_claims({"sub": "r1", "email": "Root@X", "email_verified": True})
    assert owners.is_admin(vouched) and owners.may_act(vouched, "alice@x")


def test_a_subject_id_is_never_an_admin_nor_an_e_mail(monkeypatch):
    """Even listed in CNNLAB_ADMINS, and even when the provider's sub looks like an e-mail."""
    monkeypatch.setenv("CNNLAB_ADMINS", "oidc:root,root@x")
    assert not owners.is_admin("oidc:root")
    who = owners.identity_from_claims({"sub": "root@x"})
    assert who == "oidc:root@x" and not owners.is_admin(who)
    assert not owners.may_act(who, "root@x") and owners.may_act(who, "oidc:root@x")

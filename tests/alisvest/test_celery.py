import re
import time

import pytest
from django.core import mail
from django.urls import reverse

from alisvest.roles import Role
from tests.conftest import wait_for


@pytest.mark.django_db(transaction=True)
def test_invitation_mail_is_sent_by_the_worker_after_commit(
    celery_worker, client_for, alice, bergen
):
    response = client_for(alice).post(
        reverse("invitations"),
        {
            "name": "Carl Veileder",
            "email": "carl@bergen.kommune.no",
            "role": Role.SUPERVISOR,
            "municipality": bergen.pk,
        },
    )
    assert response.status_code == 302
    assert wait_for(lambda: len(mail.outbox) == 1), "the worker did not send the invitation"
    assert re.search(r"/invitasjon/\S+/", mail.outbox[0].body)


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_invitation_sends_nothing(celery_worker, alice, bergen):
    from django.db import transaction

    from alisvest import services
    from alisvest.forms import InvitationForm

    form = InvitationForm(
        {"name": "X", "email": "x@example.no", "role": Role.SUPERVISOR, "municipality": bergen.pk},
        user=alice,
    )
    assert form.is_valid(), form.errors
    with pytest.raises(RuntimeError), transaction.atomic():
        services.invite(form, by=alice)
        raise RuntimeError("rolled back")
    time.sleep(0.5)
    assert mail.outbox == []

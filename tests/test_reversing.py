import pytest
from django.urls import NoReverseMatch, reverse, set_script_prefix

from config.reversing import reverse_pk, reverse_pks


@pytest.mark.parametrize(
    "viewname",
    [
        "contacts:contact_detail",
        "contacts:organization_detail",
        "interactions:interaction_detail",
        "reminders:reminder_complete_log",
        "reminders:reminder_reopen",
    ],
)
@pytest.mark.parametrize("pk", [1, 7, 864, 2_000_000_001])
def test_it_builds_the_address_reverse_builds(viewname, pk):
    assert reverse_pk(viewname, pk) == reverse(viewname, args=[pk])


def test_several_names_of_one_id_are_the_addresses_reverse_builds():
    names = ["reminders:reminder_complete", "reminders:reminder_snooze", "contacts:contact_detail"]

    assert reverse_pks(names, 42) == [reverse(name, args=[42]) for name in names]


def test_it_follows_the_script_prefix_of_the_request():
    reverse_pk("contacts:contact_detail", 1)
    set_script_prefix("/crm/")
    try:
        assert reverse_pk("contacts:contact_detail", 5) == "/crm/contacts/5/"
        assert reverse_pks(["contacts:contact_detail"], 5) == ["/crm/contacts/5/"]
    finally:
        set_script_prefix("/")
    assert reverse_pk("contacts:contact_detail", 5) == "/contacts/5/"


def test_it_refuses_an_address_without_an_id():
    with pytest.raises(NoReverseMatch):
        reverse_pk("contacts:contact_list", 1)

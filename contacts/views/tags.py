"""Tags: listed with their counts, renamed (merging with a same-named tag) and deleted. Tags are
created where they are used, in a contact's tags field."""

from urllib.parse import urlencode

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from contacts.forms.tags import TagForm
from contacts.selectors.access import get_tag_for_user
from contacts.selectors.tags import tag_contact_count
from contacts.selectors.tags import tag_list as select_tags
from contacts.services.tags import tag_delete as delete_tag
from contacts.services.tags import tag_rename


@require_http_methods(["GET"])
def tag_list(request):
    return render(request, "contacts/tag_list.html", {"tags": select_tags(request.user)})


@require_http_methods(["GET"])
def tag_detail(request, pk: int):
    # A tag's page is the contact list filtered by it; the lookup still makes a stranger's tag 404.
    tag = get_tag_for_user(request.user, pk)
    return redirect(f"{reverse('contacts:contact_list')}?{urlencode({'tag': tag.pk})}")


@require_http_methods(["GET", "POST"])
def tag_update(request, pk: int):
    tag = get_tag_for_user(request.user, pk)
    old_name, old_pk = tag.name, tag.pk
    form = TagForm(request.POST or None, initial={"name": tag.name})
    if form.is_valid():
        result = tag_rename(tag=tag, name=form.cleaned_data["name"])
        if result.pk != old_pk:
            messages.success(request, f"“{old_name}” merged into “{result}”.")
        else:
            messages.success(request, f"“{old_name}” renamed to “{result}”.")
        return redirect("contacts:tag_list")
    return render(request, "contacts/tag_form.html", {"form": form, "tag": tag})


@require_http_methods(["GET", "POST"])
def tag_delete(request, pk: int):
    tag = get_tag_for_user(request.user, pk)
    if request.method == "POST":
        delete_tag(tag=tag)
        messages.success(request, f"Tag “{tag}” deleted; its contacts keep everything else.")
        return redirect("contacts:tag_list")
    return render(
        request,
        "contacts/tag_confirm_delete.html",
        {"tag": tag, "contact_count": tag_contact_count(tag)},
    )

from django.shortcuts import render

from contacts.selectors.summary import network_summary


def home(request):
    return render(
        request,
        "dashboard/home.html",
        {"summary": network_summary(user=request.user)},
    )

from django import forms
from django.contrib.auth.forms import UserCreationForm

from accounts.models import User


class SignupForm(UserCreationForm):
    email = forms.EmailField(help_text="Used to reset your password and, later, for digests.")

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "email", "display_name", "time_zone")


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ("display_name", "email", "time_zone")

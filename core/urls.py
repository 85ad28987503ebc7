from django.urls import path
from django.views.i18n import set_language

from core.i18n import javascript_catalog

urlpatterns = [
    path("jsi18n/<str:language>/", javascript_catalog, name="javascript-catalog"),
    # The admin's language form posts here (a staff member's own choice, kept in a cookie).
    path("i18n/setlang/", set_language, name="set_language"),
]

"""The route of the printed sign-in QR code, outside any organisation (to be mounted at
/go/democracy/ by gonghui/urls.py).

One code on the wall serves every representative, but a representative's pages live
under the organisation their login sits at (often a union group below the union that
holds the congress): this route finds that organisation and redirects.
"""

from django.urls import path

from . import views_public

app_name = "democracy_go"

urlpatterns = [
    path("signin/", views_public.go_signin, name="signin"),
]

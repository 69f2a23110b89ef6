from django.urls import path

from . import views

app_name = "dues"
month = "<int:year>/<int:month>/"
line = "lines/<int:dues_line_id>/"

urlpatterns = [
    path("", views.index, name="index"),
    path(month, views.month, name="month"),
    path(f"{month}generate/", views.generate, name="generate"),
    path(f"{month}post/", views.post, name="post"),
    path(f"{month}deductions.xlsx", views.deductions, name="deductions"),
    path(f"{month}deducted/", views.deducted, name="deducted"),
    path(f"{line}exempt/", views.exempt, name="exempt"),
    path(f"{line}pay/", views.pay, name="pay"),
    path("cash/", views.cash, name="cash"),
    path("arrears/", views.arrears, name="arrears"),
    path("settings/", views.settings_page, name="settings"),
    path("me/", views.me, name="me"),
    path("me/<int:dues_line_id>/", views.me_line, name="me_line"),
]

from django.urls import path

from . import views

app_name = "upper"

urlpatterns = [
    path("finance/", views.finance_index, name="finance"),
    path("finance/<int:year>/", views.finance_year, name="finance_year"),
    path("finance/<int:year>/xlsx/", views.finance_xlsx, name="finance_xlsx"),
]

from django.urls import path

from . import views, views_unions

app_name = "upper"

urlpatterns = [
    path("finance/", views.finance_index, name="finance"),
    path("finance/<int:year>/", views.finance_year, name="finance_year"),
    path("finance/<int:year>/xlsx/", views.finance_xlsx, name="finance_xlsx"),
    path("unions/", views_unions.unions_year, name="unions"),
    path("unions/<int:year>/", views_unions.unions_year, name="unions_year"),
    path("unions/<int:year>/xlsx/", views_unions.unions_xlsx, name="unions_xlsx"),
    path("unions/<int:year>/refresh/", views_unions.unions_refresh, name="unions_refresh"),
]

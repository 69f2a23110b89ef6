from django.urls import path

from . import views

app_name = "assessments"

one = "<int:assessment_scheme_id>/"
union = f"{one}unions/<int:assessment_id>/"
mine = "mine/<int:assessment_id>/"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.create, name="create"),
    path("years/<int:year>/", views.year_results, name="year_results"),
    path(one, views.scheme, name="scheme"),
    path(f"{one}edit/", views.edit, name="edit"),
    path(f"{one}publish/", views.publish, name="publish"),
    path(f"{one}close/", views.close, name="close"),
    path(f"{one}delete/", views.delete, name="delete"),
    path(f"{one}results/", views.results, name="results"),
    path(f"{one}results.xlsx", views.export, name="export"),
    path(union, views.review, name="review"),
    path(f"{union}score/", views.score, name="score"),
    path(f"{union}return/", views.return_, name="return"),
    path(f"{union}evidence/<int:assessment_evidence_id>/", views.review_file, name="review_file"),
    path(mine, views.mine, name="mine"),
    path(f"{mine}evidence/", views.evidence_add, name="evidence_add"),
    path(
        f"{mine}evidence/<int:assessment_evidence_id>/",
        views.evidence_file,
        name="evidence_file",
    ),
    path(
        f"{mine}evidence/<int:assessment_evidence_id>/delete/",
        views.evidence_delete,
        name="evidence_delete",
    ),
]

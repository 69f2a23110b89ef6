from django.urls import path

from . import views, views_upper

app_name = "budgets"

one = "<int:budget_id>/"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.create, name="create"),
    path("execution/<int:year>/", views.execution, name="execution"),
    path("execution/<int:year>/xlsx/", views.execution_xlsx, name="execution_xlsx"),
    path(one, views.detail, name="detail"),
    path(f"{one}notes/", views.notes, name="notes"),
    path(f"{one}lines/", views.line_set, name="line_set"),
    path(f"{one}lines/<int:line_id>/remove/", views.line_remove, name="line_remove"),
    path(f"{one}refresh/", views.refresh, name="refresh"),
    path(f"{one}cover/", views.cover, name="cover"),
    path(f"{one}approve/", views.approve, name="approve"),
    path(f"{one}review/", views.review, name="review"),
    path(f"{one}review-return/", views.review_return, name="review_return"),
    path(f"{one}submit/", views.submit, name="submit"),
    path(f"{one}delete/", views.delete, name="delete"),
    path(f"{one}pdf/", views.pdf, name="pdf"),
    path("inbox/", views_upper.inbox, name="inbox"),
    path(f"inbox/{one}", views_upper.inbox_detail, name="inbox_detail"),
    path(f"inbox/{one}ratify/", views_upper.ratify, name="ratify"),
    path(f"inbox/{one}return/", views_upper.send_back, name="return"),
    path(f"inbox/{one}pdf/", views_upper.inbox_pdf, name="inbox_pdf"),
]

from django.urls import path

from . import views

app_name = "assignments"

one = "<int:assignment_id>/"
target = f"{one}unions/<int:target_id>/"
answer = "inbox/<int:target_id>/"
below = "below/<int:assignment_id>/"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.create, name="create"),
    path(one, views.board, name="board"),
    path(f"{one}edit/", views.edit, name="edit"),
    path(f"{one}send/", views.send, name="send"),
    path(f"{one}withdraw/", views.withdraw, name="withdraw"),
    path(f"{one}add-unions/", views.add_unions, name="add_unions"),
    path("from-task/<int:task_id>/", views.from_task, name="from_task"),
    path(f"{one}delete/", views.delete, name="delete"),
    path(f"{one}remind/", views.remind_open, name="remind_open"),
    path(f"{one}answers.xlsx", views.export, name="export"),
    path(target, views.target_detail, name="target"),
    path(f"{target}return/", views.target_return, name="target_return"),
    path(f"{target}accept/", views.target_accept, name="target_accept"),
    path(f"{target}remind/", views.target_remind, name="target_remind"),
    path(f"{target}files/<int:file_id>/", views.target_file, name="target_file"),
    path(below, views.below_board, name="below"),
    path(f"{below}unions/<int:target_id>/", views.below_target, name="below_target"),
    path(
        f"{below}unions/<int:target_id>/files/<int:file_id>/",
        views.below_file,
        name="below_file",
    ),
    path("inbox/", views.inbox, name="inbox"),
    path(answer, views.answer, name="answer"),
    path(f"{answer}files/", views.answer_file_add, name="answer_file_add"),
    path(f"{answer}files/<int:file_id>/", views.answer_file, name="answer_file"),
    path(
        f"{answer}files/<int:file_id>/delete/", views.answer_file_delete, name="answer_file_delete"
    ),
]

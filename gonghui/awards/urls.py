from django.urls import path

from . import views, views_member

app_name = "awards"

one = "<int:award_round_id>/"
nom = f"{one}nominations/<int:nomination_id>/"

urlpatterns = [
    # The committee.
    path("", views.index, name="index"),
    path("new/", views.create, name="create"),
    path(one, views.round_detail, name="round"),
    path(f"{one}edit/", views.edit, name="edit"),
    path(f"{one}open/", views.open_, name="open"),
    path(f"{one}close-nominations/", views.close_nominations, name="close_nominations"),
    path(f"{one}publicise/", views.publicise, name="publicise"),
    path(f"{one}decide/", views.decide, name="decide"),
    path(f"{one}close/", views.close, name="close"),
    path(f"{one}delete/", views.delete, name="delete"),
    path(f"{one}decision.docx", views.decision_file, {"fmt": "docx"}, name="decision_docx"),
    path(f"{one}decision.pdf", views.decision_file, {"fmt": "pdf"}, name="decision_pdf"),
    path(f"{one}certificates.pdf", views.certificates, name="certificates"),
    path(f"{one}nominations.xlsx", views.export, name="export"),
    path(nom, views.nomination, name="nomination"),
    path(f"{nom}review/", views.review, name="review"),
    path(f"{nom}withdraw/", views.withdraw, name="withdraw"),
    path(f"{nom}files/", views.file_add, name="file_add"),
    path(f"{nom}files/<int:nomination_file_id>/", views.file, name="file"),
    path("objections/<int:objection_id>/answer/", views.answer, name="answer"),
    path("titles/", views.titles, name="titles"),
    path("titles/<int:title_held_id>/delete/", views.title_delete, name="title_delete"),
    # Members.
    path("me/", views_member.me, name="me"),
    path(f"me/{one}nominate/", views_member.nominate, name="nominate"),
    path(f"me/{one}", views_member.publicity, name="publicity"),
    path(f"me/{one}names/<int:nomination_id>/object/", views_member.object_, name="object"),
    path(
        "me/nominations/<int:nomination_id>/withdraw/",
        views_member.withdraw,
        name="my_withdraw",
    ),
    path("me/files/<int:nomination_file_id>/", views_member.member_file, name="member_file"),
    path("honours/", views_member.honours, name="honours"),
    path(f"honours/{one}poster/", views_member.poster, name="poster"),
]

from django.urls import path

from .views import admin, dossier, lead, readiness, search

app_name = "desks"

urlpatterns = [
    path("", lead.desk_home, name="home"),
    # The lead desk
    path("lead/", lead.lead_desk, name="lead"),
    path("dossiers/", lead.dossier_list, name="dossier-list"),
    path("dossiers/<id:pk>/", dossier.dossier, name="dossier"),
    path("dossiers/<id:pk>/return/", dossier.dossier_return, name="dossier-return"),
    path("dossiers/<id:pk>/recommend/", dossier.recommendation_save, name="recommendation-save"),
    path("dossiers/<id:pk>/decide/", dossier.decision_record, name="decision-record"),
    path("dossiers/<id:pk>/feedback/", dossier.feedback_save, name="feedback-save"),
    path("dossiers/<id:pk>/feedback/approve/", dossier.feedback_approve, name="feedback-approve"),
    path("dossiers/<id:pk>/reconsideration/", dossier.reconsideration_decide, name="reconsideration-decide"),
    path("awards/<id:pk>/readiness/", readiness.readiness, name="readiness"),
    path("awards/<id:pk>/readiness/note/", readiness.readiness_note_save, name="readiness-note-save"),
    path("assignments/", lead.assignment_create, name="assignment-create"),
    path("assignments/<id:pk>/remove/", lead.assignment_remove, name="assignment-remove"),
    path("reviewers/", lead.reviewer_profiles, name="reviewer-profiles"),
    path("search/evaluators.json", search.evaluator_search, name="evaluator-search"),
    path("nominations/", lead.nomination_list, name="nomination-list"),
    path("nominations/<id:pk>/", lead.nomination_detail, name="nomination"),
    path("nominations/<id:pk>/invite/", lead.nomination_invite, name="nomination-invite"),
    # The admin desk
    path("admin/", admin.admin_desk, name="admin"),
    path("admin/cycles/", admin.cycle_list, name="cycle-list"),
    path("admin/cycles/upcoming/", admin.cycle_create_upcoming, name="cycle-create-upcoming"),
    path("admin/cycles/<id:pk>/", admin.cycle_detail, name="cycle"),
    path("admin/cycles/<id:pk>/deadlines/", admin.cycle_edit, name="cycle-edit"),
    path("admin/cycles/<id:pk>/calibration/", admin.calibration_mark, name="calibration-mark"),
    path("admin/cycles/<id:pk>/announce/", admin.cycle_announce, name="cycle-announce"),
    path("admin/cycles/<id:pk>/progress.json", admin.cycle_progress, name="cycle-progress"),
    path("admin/cycles/<id:pk>/undecided/", admin.cycle_undecided, name="cycle-undecided"),
    path("admin/cycles/<id:pk>/undecided/act/", admin.cycle_undecided_act, name="cycle-undecided-act"),
    path("admin/dossiers/<id:pk>/deadline/", admin.dossier_deadline_extend, name="dossier-deadline-extend"),
    path("admin/awards/<id:pk>/revoke/", admin.award_revoke, name="award-revoke"),
    path("admin/export.csv", admin.export, name="export"),
    path("admin/dashboard/", admin.dashboard, name="dashboard"),
]

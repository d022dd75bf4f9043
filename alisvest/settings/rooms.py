"""How the rooms are wired together by name: the cards higher floors add to lower floors'
pages, the to-do list's sources and Celery beat's schedule. Names, not imports, so a lower
floor never imports a higher one. Read into base.py."""

from celery.schedules import crontab

# Times are Europe/Oslo (CELERY_TIMEZONE).
# Cards that higher floors add to a page of a lower one (alisvest/panels.py), in order.
PANELS = {
    "dashboard": [
        "placements.dashboard.programmes",
        "placements.dashboard.applications",
        "research.dashboard.studies",
        "placements.dashboard.alis",
    ],
    "municipality": ["placements.register.panels.municipality_placements"],
    "centre": ["placements.register.panels.centre_staffing"],
    "my_alis": ["supervision.workload.supervision_hours"],
    "supervisor_directory": ["supervision.workload.hours_by_supervisor"],
    "my_plan": [
        "supervision.panels.group_hours",
        "supervision.panels.portfolio_card",
        "supervision.panels.reflections",
        "research.panels.my_consents",
    ],
    "placement": [
        "placements.agreements.panels.placement_agreement",
        "supervision.panels.portfolio_card",
    ],
    "office": [
        "placements.offices.panels.agreements_missing",
        "supervision.panels.office_supervision",
    ],
}

# The to-do list's sources (alisvest/todo.py): functions of the user returning Tasks.
TASK_SOURCES = [
    "supervision.todo.supervisor_deficits",
    "supervision.todo.supervisor_yearly_deficits",
    "supervision.todo.supervisor_disputed",
    "supervision.todo.alis_sessions_to_confirm",
    "supervision.todo.leader_deficit_streaks",
    "supervision.review_todo.supervisor_reviews_due",
    "supervision.review_todo.alis_reviews_to_sign",
    "supervision.review_todo.leader_reviews_to_acknowledge",
    "supervision.review_todo.alis_post_evaluation",
    "supervision.assessments.todo.alis_assessment_links_expired",
    "placements.plans.todo.supervisor_objectives_to_sign",
    "placements.plans.todo.manager_objectives_to_approve",
    "placements.plans.todo.alis_objectives_to_log",
    "placements.plans.todo.alis_next_course_and_period",
    "placements.register.todo.manager_posts_ending",
    "placements.register.todo.manager_supervisors_missing",
    "placements.agreements.todo.manager_agreements_missing",
    "placements.applications.todo.manager_applications",
    "placements.applications.todo.reviewer_applications",
    "placements.applications.todo.leader_applications",
    "placements.applications.todo.steering_applications",
    "funding.todo.manager_expense_reports",
    "funding.todo.manager_statements_to_check",
    "funding.todo.leader_statements_to_issue",
    "funding.todo.manager_claims",
    "funding.todo.leader_overdue_payments",
    "funding.todo.leader_expenses_to_review",
    "research.todo.researcher_waves_closing",
    "research.todo.researcher_consents_withdrawn",
    "alisvest.todo.invitations_not_accepted",
]

# The calendar feed's sources (alisvest/calendar.py): functions of (user, since) returning
# Events; the to-do list's dated tasks are added as deadlines.
CALENDAR_SOURCES = [
    "supervision.calendar.group_meetings",
    "supervision.calendar.review_due_dates",
    "placements.plans.calendar.planned_courses",
    "placements.applications.calendar.information_meetings",
]

CELERY_BEAT_SCHEDULE = {
    "application-deadline-reminders": {
        "task": "placements.applications.tasks.send_deadline_reminders",
        "schedule": crontab(hour=8, minute=0),
    },
    "relay-outbox": {
        "task": "alisvest.tasks.relay_outbox",
        "schedule": crontab(),  # every minute
    },
    "clear-expired-sessions": {
        "task": "alisvest.tasks.clear_expired_sessions",
        "schedule": crontab(hour=3, minute=30),
    },
    "research-survey-reminders": {
        "task": "research.tasks.send_survey_reminders",
        "schedule": crontab(hour=9, minute=0),
    },
    "research-stability-nightly": {
        "task": "research.tasks.compute_all_stability",
        "schedule": crontab(hour=0, minute=15),
    },
    "supervision-monthly-check": {
        "task": "supervision.tasks.check_previous_month",
        "schedule": crontab(day_of_month=1, hour=6, minute=0),
    },
    "supervision-yearly-check": {
        "task": "supervision.tasks.check_previous_year",
        "schedule": crontab(month_of_year=1, day_of_month=1, hour=6, minute=30),
    },
    "email-digest-daily": {
        "task": "alisvest.tasks.send_daily_digests",
        "schedule": crontab(hour=7, minute=0),
    },
    "email-digest-weekly": {
        "task": "alisvest.tasks.send_weekly_digests",
        "schedule": crontab(hour=7, minute=0, day_of_week=1),
    },
    "national-claim-reminders": {
        "task": "funding.tasks.send_claim_reminders",
        "schedule": crontab(hour=8, minute=15),
    },
    "payment-reminders": {
        "task": "funding.tasks.send_payment_reminders",
        "schedule": crontab(hour=8, minute=30),
    },
    "grant-statements-previous-year": {
        "task": "funding.tasks.issue_previous_year",
        "schedule": crontab(month_of_year=1, day_of_month=15, hour=6, minute=0),
    },
}

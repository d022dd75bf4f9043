"""The to-do list ("Oppgaver"): the first page after login, and the count in the header."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from alisvest.access import OK, access
from alisvest.middleware import background
from alisvest.todo import tasks_for

# A project leader of the national programme has hundreds of tasks: the page shows the
# oldest due first, a page of them at a time, and says how many there are in all.
TASKS_PER_PAGE = 50


@access(OK)
@login_required
def task_list(request):
    tasks = tasks_for(request.user)
    overdue = sum(1 for task in tasks if task.overdue)
    page = Paginator(tasks, TASKS_PER_PAGE).get_page(request.GET.get("side"))
    return render(
        request,
        "todo/task_list.html",
        {"tasks": tasks, "page": page, "overdue": overdue},
    )


@background
@access(OK)
@login_required
def task_count(request):
    """The header's badge, fetched after the page has loaded (htmx) so no page waits for it."""
    return render(request, "todo/task_count.html", {"count": len(tasks_for(request.user))})

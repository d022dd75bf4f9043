"""ALIS doctors: the list, a doctor's page, the form, and the invitation to create a login."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alisvest import services as account_services
from alisvest.access import FORBIDDEN, NOT_FOUND, OK, access
from alisvest.idempotency import submitted_once
from alisvest.models import Invitation, User
from placements.register.forms import DoctorForm
from placements.register.models import Doctor, Placement
from placements.register.permissions import can_add_doctor, can_edit_doctor, can_invite_doctor


def get_doctor_for_user(request, pk, *, write=False):
    doctor = get_object_or_404(
        Doctor.objects.for_user(request.user).select_related("programme", "registered_by", "user"),
        pk=pk,
    )
    if write:
        allowed, reason = can_edit_doctor(request.user, doctor)
        if not allowed:
            raise PermissionDenied(reason)
    return doctor


def _placements_prefetch(user):
    return Prefetch(
        "placements",
        queryset=Placement.objects.for_user(user)
        .select_related("municipality", "centre")
        .order_by("start"),
        to_attr="visible_placements",
    )


@access(OK)
@login_required
def doctor_list(request):
    doctors = Doctor.objects.for_user(request.user).select_related("programme", "user")
    query = request.GET.get("q", "").strip()
    if query:
        doctors = doctors.filter(Q(name__icontains=query) | Q(hpr_number__startswith=query))
    doctors = doctors.prefetch_related(_placements_prefetch(request.user)).order_by("name", "pk")
    # 100 a page: a national register has thousands of doctors (bench: 3.7 s for 5 000).
    page = Paginator(doctors, 100).get_page(request.GET.get("side"))
    allowed, _reason = can_add_doctor(request.user)
    return render(
        request,
        "placements/doctor_list.html",
        {"doctors": page, "page": page, "query": query, "can_add": allowed},
    )


@access(NOT_FOUND, alis=OK, own_manager=OK, steering=OK, leader=OK, office=OK)
@login_required
def doctor_detail(request, pk):
    doctor = get_doctor_for_user(request, pk)
    placements = (
        Placement.objects.for_user(request.user)
        .filter(doctor=doctor)
        .select_related("municipality", "second_municipality", "centre")
        .order_by("start")
    )
    can_edit, _reason = can_edit_doctor(request.user, doctor)
    can_invite, _reason = can_invite_doctor(request.user, doctor)
    invitation = (
        doctor.invitations.pending().order_by("-created_at").first() if can_invite else None
    )
    return render(
        request,
        "placements/doctor_detail.html",
        {
            "doctor": doctor,
            "placements": placements,
            "can_edit": can_edit,
            "can_invite": can_invite,
            "invitation": invitation,
            "can_erase": doctor.programme_id in request.user.access.led_programmes,
        },
    )


@access(FORBIDDEN, other_manager=OK, own_manager=OK, leader=OK, post={})
@login_required
@submitted_once
def doctor_create(request):
    allowed, reason = can_add_doctor(request.user)
    if not allowed:
        raise PermissionDenied(reason)
    form = DoctorForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        doctor = form.save()
        messages.success(request, _("%(name)s er registrert.") % {"name": doctor.name})
        return redirect("placements:doctor_detail", pk=doctor.pk)
    return render(request, "placements/doctor_form.html", {"form": form, "doctor": None})


@access(
    NOT_FOUND,
    alis=FORBIDDEN,
    own_manager=OK,
    steering=FORBIDDEN,
    leader=OK,
    post={},
    office=FORBIDDEN,
)
@login_required
def doctor_edit(request, pk):
    doctor = get_doctor_for_user(request, pk, write=True)
    form = DoctorForm(request.POST or None, instance=doctor, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Endringene er lagret."))
        return redirect("placements:doctor_detail", pk=doctor.pk)
    return render(request, "placements/doctor_form.html", {"form": form, "doctor": doctor})


# The graph's doctor already has a login, so there is no one to invite.
@access(
    NOT_FOUND,
    alis=FORBIDDEN,
    own_manager=FORBIDDEN,
    steering=FORBIDDEN,
    leader=FORBIDDEN,
    method="POST",
    office=FORBIDDEN,
)
@login_required
@require_POST
@submitted_once
def doctor_invite(request, pk):
    doctor = get_doctor_for_user(request, pk)
    allowed, reason = can_invite_doctor(request.user, doctor)
    if not allowed:
        raise PermissionDenied(reason)
    if User.objects.filter(email__iexact=doctor.email).exists():
        messages.error(
            request,
            _(
                "Det finnes allerede en bruker med e-postadressen %(email)s. Rett e-postadressen "
                "til legen, eller be en administrator koble kontoen."
            )
            % {"email": doctor.email},
        )
        return redirect("placements:doctor_detail", pk=doctor.pk)
    # A new invitation replaces a pending one, so only the newest link works.
    Invitation.objects.pending().filter(doctor=doctor).delete()
    account_services.invite_doctor(doctor, by=request.user)
    messages.success(request, _("Invitasjonen er sendt til %(email)s.") % {"email": doctor.email})
    return redirect("placements:doctor_detail", pk=doctor.pk)

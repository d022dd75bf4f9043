"""Users with their roles and object permissions, and the doctors."""

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission
from django.db import connection

from alisvest.roles import Role

from .base import DOMAIN, SYNTHETIC_PASSWORD, Steps


class PeopleSteps(Steps):
    def users(self):
        password = make_password(SYNTHETIC_PASSWORD)
        s = self.scale
        # (prefix, count, role, staff)
        people = [
            ("leder", 2, Role.PROJECT_LEADER, True),
            ("styring", 2, Role.STEERING_GROUP, False),
            ("forsker", 2, Role.RESEARCHER, False),
            ("helseleder", s.municipalities, Role.MANAGER, False),
            ("veileder", s.supervisors, Role.SUPERVISOR, False),
            ("alis", s.placements, Role.ALIS, False),
        ]
        rows = 0
        for prefix, count, role, staff in people:
            rows += self._accounts(prefix, count, staff, password)
            self._join_group(prefix, role)
        # Object permissions: programme roles on the programme, managers on a municipality.
        rows += self._programme_permissions()
        rows += self._municipality_permissions()
        return rows

    def _accounts(self, prefix, count, staff, password):
        """Users <prefix>1..<prefix><count>@DOMAIN, all with the same password hash."""
        return self.insert(
            self.model("alisvest.User"),
            {
                "email": f"'{prefix}' || g || '@{DOMAIN}'",
                "name": self._person_name("g", len(prefix)),
                "password": "%(password)s",
                "is_staff": "true" if staff else "false",
            },
            "generate_series(1, %(count)s) g",
            {"password": password, "count": count},
        )

    def _join_group(self, prefix, role):
        """Every user <prefix>N@DOMAIN joins the group of role."""
        User = self.model("alisvest.User")
        group, _created = Group.objects.get_or_create(name=role.value)
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                INSERT INTO {User.groups.through._meta.db_table} (user_id, group_id)
                SELECT id, %(group)s FROM {User._meta.db_table}
                 WHERE email LIKE %(pattern)s
                """,  # noqa: S608
                {"group": group.pk, "pattern": f"{prefix}%@{DOMAIN}"},
            )

    def _programme_permissions(self):
        User = self.model("alisvest.User")
        ProgrammePerm = self.model("alisvest.ProgrammeUserObjectPermission")
        rows = 0
        for prefix, codename in [
            ("leder", "lead_programme"),
            ("styring", "steer_programme"),
            ("forsker", "research_programme"),
        ]:
            permission = Permission.objects.get(
                codename=codename, content_type__app_label="placements"
            )
            rows += self.insert(
                ProgrammePerm,
                {
                    "user_id": "u.id",
                    "permission_id": "%(permission)s",
                    "content_object_id": "%(programme)s",
                },
                f"{User._meta.db_table} u WHERE u.email LIKE %(pattern)s",
                {
                    "permission": permission.pk,
                    "programme": self.programme_obj.pk,
                    "pattern": f"{prefix}%@{DOMAIN}",
                },
            )
        return rows

    def _municipality_permissions(self):
        User = self.model("alisvest.User")
        MunicipalityPerm = self.model("alisvest.MunicipalityUserObjectPermission")
        permission = Permission.objects.get(
            codename="manage_municipality", content_type__app_label="placements"
        )
        return self.insert(
            MunicipalityPerm,
            {"user_id": "u.id", "permission_id": "%(permission)s", "content_object_id": "m.id"},
            f"{self._municipality_cte()} JOIN {User._meta.db_table} u "
            f"  ON u.email = 'helseleder' || m.k || '@{DOMAIN}'",
            {"permission": permission.pk, "numbers": self.numbers},
        )

    FIRST = [
        "Anne", "Ola", "Kari", "Per", "Ingrid", "Lars", "Sigrid", "Nils", "Marte", "Jonas",
        "Eli", "Håkon", "Ragnhild", "Tor", "Solveig", "Eirik", "Astrid", "Magnus", "Hilde",
        "Sindre",
    ]  # fmt: skip
    LAST = [
        "Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Kristiansen",
        "Jensen", "Karlsen", "Johnsen", "Haugen", "Eriksen", "Berg", "Dahl", "Lunde", "Moen",
        "Solberg", "Bakken", "Vik", "Aas", "Myhre", "Strand", "Lie", "Nygård",
    ]  # fmt: skip

    def _person_name(self, expr, salt):
        first = "ARRAY[" + ", ".join(f"'{n}'" for n in self.FIRST) + "]"
        last = "ARRAY[" + ", ".join(f"'{n}'" for n in self.LAST) + "]"
        return (
            f"({first})[1 + {self.h(expr, 10 + salt, len(self.FIRST))}] || ' ' || "
            f"({last})[1 + {self.h(expr, 20 + salt, len(self.LAST))}]"
        )

    def centres(self):
        MedicalCentre = self.model("placements.MedicalCentre")
        m = self.scale.municipalities
        # Every municipality gets one centre; the rest land where the hash says.
        return self.insert(
            MedicalCentre,
            {
                "municipality_id": "m.id",
                "name": "initcap(split_part(mm.name, ' ', 1)) || ' legesenter ' || g",
                "ownership": f"CASE WHEN {self.h('g', 30, 3)} = 0 THEN 'private' "
                "ELSE 'municipal' END",
                "address": "'Storgata ' || g",
                "doctor_count": "3 + " + self.h("g", 31, 8),
                "specialist_count": "1 + " + self.h("g", 32, 3),
                "support_staff_count": "2 + " + self.h("g", 33, 6),
                "equipment": "ARRAY['ekg', 'spirometri', 'laboratorium']::varchar[]",
                "accepts_alis": "true",
            },
            f"generate_series(1, %(count)s) g "
            f"JOIN {self._municipality_cte()} "
            f"  ON m.k = CASE WHEN g <= {m} THEN g ELSE 1 + {self.h('g', 34, m)} END "
            f"JOIN placements_municipality mm ON mm.id = m.id",
            {"count": self.scale.centres, "numbers": self.numbers},
        )

    def doctors(self):
        Doctor = self.model("placements.Doctor")
        User = self.model("alisvest.User")
        return self.insert(
            Doctor,
            {
                "programme_id": "%(programme)s",
                "name": "u.name",
                "email": "u.email",
                "hpr_number": f"(2000000 + {self.seed % 1000} * 10000 + g)::text",
                "user_id": "u.id",
            },
            f"generate_series(1, %(count)s) g "
            f"JOIN {User._meta.db_table} u ON u.email = 'alis' || g || '@{DOMAIN}'",
            {"programme": self.programme_obj.pk, "count": self.scale.placements},
        )

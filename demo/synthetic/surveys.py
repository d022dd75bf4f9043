"""The research study, its survey waves, invitations and answers."""

from datetime import date, datetime, time

from django.utils import timezone

from .base import DOMAIN, Steps


class SurveySteps(Steps):
    def surveys(self):
        study = self._study()
        rows = 1
        for offset in (3, 2, 1):
            wave, questions = self._wave(study, self.today.year - offset)
            rows += self._invitations(wave)
            rows += self._responses(wave, questions, offset)
        return rows

    def _study(self):
        Study = self.model("research.Study")
        User = self.model("alisvest.User")
        study = Study.objects.create(
            programme=self.programme_obj,
            name="Syntetisk følgeforskning",
            started=self.programme_obj.started,
        )
        study.members.set(
            User.objects.filter(email__in=[f"forsker1@{DOMAIN}", f"forsker2@{DOMAIN}"])
        )
        return study

    def _wave(self, study, year):
        """The municipality survey of year, open in March, with its three questions."""
        Wave = self.model("research.SurveyWave")
        Question = self.model("research.Question")
        zone = timezone.get_current_timezone()
        wave = Wave.objects.create(
            study=study,
            title=f"Kommuneundersøkelse {year}",
            opens_at=datetime.combine(date(year, 3, 1), time(8), zone),
            closes_at=datetime.combine(date(year, 4, 1), time(16), zone),
        )
        questions = Question.objects.bulk_create(
            [
                Question(wave=wave, position=1, text="Antall ALIS i kommunen", kind="tall"),
                Question(
                    wave=wave,
                    position=2,
                    text="Hvordan er rekrutteringen?",
                    kind="ett_valg",
                    choices=["God", "Middels", "Vanskelig"],
                ),
                Question(wave=wave, position=3, text="Kommentar", kind="tekst"),
            ]
        )
        return wave, questions

    def _invitations(self, wave):
        return self.insert(
            self.model("research.SurveyInvitation"),
            {
                "wave_id": "%(wave)s",
                "municipality_id": "m.id",
                "email": f"'helseleder' || m.k || '@{DOMAIN}'",
                "nonce": f"md5(m.k || '-' || %(wave)s || '-{self.seed}')",
                "sent_at": "%(opens)s",
            },  # fmt: skip
            self._municipality_cte(),
            {"wave": wave.pk, "numbers": self.numbers, "opens": wave.opens_at},
        )

    def _responses(self, wave, questions, offset):
        """Three municipalities in five answer; offset (years back) varies the answers."""
        number, choice, text = (f"q{q.pk}" for q in questions)
        key = f"m.k * 10 + {offset}"
        return self.insert(
            self.model("research.SurveyResponse"),
            {
                "wave_id": "%(wave)s",
                "municipality_id": "m.id",
                "invitation_id": "(SELECT i.id FROM research_surveyinvitation i WHERE "
                "i.wave_id = %(wave)s AND i.municipality_id = m.id AND i.role = 'kommune')",
                "answers": f"jsonb_build_object('{number}', {self.h(key, 110, 6)}, "
                f"'{choice}', (ARRAY['God', 'Middels', 'Vanskelig'])"
                f"[1 + {self.h(key, 111, 3)}], '{text}', '')",
            },
            f"{self._municipality_cte()} WHERE {self.h(key, 112, 5)} < 3",
            {"wave": wave.pk, "numbers": self.numbers},
        )

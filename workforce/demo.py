"""A believable demo workforce for `load_demo` (SPEC §7): the same seed gives the same workforce.

It is shaped like the picture the Wachter review painted: most trusts have a CCIO, but few give
the post more than 75% of the holder's time, a line to the board and a trained team of five, so
only about one trust in ten meets the target. Its dates tell the review's story: in 2016 a few
pioneers (their teams appointed and trained before the review) met it; since 2018 the NHS Digital
Academy's cohorts have graduated more each year, and it is training more now.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from trusts.demo import create_validated, pick, random_date
from trusts.models import DigitalExemplar, Trust

from .models import (
    Cohort,
    Credential,
    CredentialKind,
    Enrolment,
    EnrolmentStatus,
    Person,
    Post,
    Profession,
    ReportsTo,
    Role,
)
from .models.people import BODY_FOR_PROFESSION
from .recompute import mark_stale

GIVEN_NAMES = (
    "Aisha Alex Amelia Ben Catherine Chidi Claire Daniel Deepa Eleanor Fatima Gareth Grace Hannah "
    "Imran Isla James Jia Kate Kwame Laura Liam Mei Mohammed Nadia Niamh Oliver Priya Rachel Rhys "
    "Rosa Sam Sarah Siobhan Tom Uche Victoria Wei Yusuf Zoe"
).split()
FAMILY_NAMES = (
    "Adeyemi Ahmed Ali Bailey Baker Bennett Brown Campbell Chan Chen Clarke Davies Edwards Evans "
    "Fraser Green Hall Harris Hughes Hussain Jackson James Jones Kaur Kelly Khan Lewis Martin Mensah "
    "Mitchell Morgan Murphy Nguyen Okafor O'Brien Owen Patel Phillips Price Roberts Robinson Shah "
    "Singh Smith Taylor Thomas Thompson Turner Walker Ward Watson White Williams Wilson Wood Wright "
    "Young"
).split()

# How far along a trust is: exemplary (meets the target), nearly (only short of trained people,
# and some are on the Academy now), developing (a CCIO, short on one or more tests), early (a
# vacant or planned CCIO post), absent (no CCIO post at all).
PROFILES = ("exemplary", "nearly", "developing", "early", "absent")
PROFILE_WEIGHTS = {
    DigitalExemplar.GLOBAL_DIGITAL_EXEMPLAR: (35, 10, 45, 8, 2),
    DigitalExemplar.FAST_FOLLOWER: (15, 10, 55, 15, 5),
    DigitalExemplar.NONE: (5, 5, 55, 22, 13),
}
CCIO_TIME_SHORT = {"0.200": 4, "0.300": 8, "0.400": 16, "0.500": 22, "0.600": 20, "0.700": 14, "0.750": 16}
CCIO_TIME_FULL = {"0.800": 40, "0.900": 25, "1.000": 35}
TEAM_TIME = ("0.100", "0.200", "0.200", "0.300", "0.300", "0.400", "0.500", "0.600")
REPORTS_SHORT = {ReportsTo.MEDICAL_DIRECTOR: 50, ReportsTo.CIO: 35, ReportsTo.OTHER: 15}
REPORTS_FULL = {ReportsTo.CEO: 70, ReportsTo.BOARD: 30}
CCIO_PROFESSIONS = {
    Profession.DOCTOR: 82,
    Profession.NURSE: 11,
    Profession.ALLIED_HEALTH: 4,
    Profession.PHARMACIST: 3,
}
INFORMATICIAN_PROFESSIONS = {
    Profession.DOCTOR: 38,
    Profession.NURSE: 30,
    Profession.ALLIED_HEALTH: 12,
    Profession.PHARMACIST: 8,
    Profession.HEALTHCARE_SCIENTIST: 6,
    Profession.MIDWIFE: 4,
    Profession.DENTIST: 2,
}
LEAD_ROLE_PROFESSIONS = {
    Role.CMIO: {Profession.DOCTOR: 1},
    Role.CNIO: {Profession.NURSE: 9, Profession.MIDWIFE: 1},
    Role.CHIEF_PHARMACY_IO: {Profession.PHARMACIST: 1},
    Role.AHP_IO: {Profession.ALLIED_HEALTH: 4, Profession.HEALTHCARE_SCIENTIST: 1},
}
HCPC_PREFIXES_BY_PROFESSION = {
    Profession.ALLIED_HEALTH: ("PA", "OT", "PH", "SL", "RA", "DT", "CH", "ODP", "OR", "PO", "AS"),
    Profession.HEALTHCARE_SCIENTIST: ("CS", "BS"),
}
# The earliest believable award date of each credential (the Faculty opened to members in 2018).
CREDENTIAL_SINCE = {
    CredentialKind.FCI_MEMBER: date(2018, 1, 1),
    CredentialKind.FCI_FELLOW: date(2018, 6, 1),
    CredentialKind.FEDIP_PRACTITIONER: date(2017, 1, 1),
    CredentialKind.FEDIP_SENIOR: date(2017, 1, 1),
    CredentialKind.FEDIP_ADVANCED: date(2017, 1, 1),
    CredentialKind.FEDIP_LEADING: date(2017, 1, 1),
    CredentialKind.MASTERS_INFORMATICS: date(2004, 1, 1),
    CredentialKind.OTHER_ADVANCED: date(2010, 1, 1),
}
TRAINING_ROUTES = {
    CredentialKind.ACADEMY_GRADUATE: 40,
    CredentialKind.MASTERS_INFORMATICS: 18,
    CredentialKind.FCI_MEMBER: 14,
    CredentialKind.FCI_FELLOW: 5,
    CredentialKind.FEDIP_PRACTITIONER: 6,
    CredentialKind.FEDIP_SENIOR: 5,
    CredentialKind.FEDIP_ADVANCED: 4,
    CredentialKind.FEDIP_LEADING: 2,
    CredentialKind.OTHER_ADVANCED: 6,
}
# A share of the exemplary trusts are pioneers: their CCIO and team were appointed, and trained
# by a masters or another advanced route, before the review was published.
PIONEER_SHARE = 0.15
PIONEER_YEARS = (date(2010, 1, 1), date(2016, 6, 30))
PIONEER_ROUTES = {CredentialKind.MASTERS_INFORMATICS: 3, CredentialKind.OTHER_ADVANCED: 1}
FIRST_COHORT_YEAR = 2018
ACADEMY_PARTNERS = ("Imperial College London", "University of Edinburgh", "Harvard Medical School")


class Registrations:
    """Registration numbers in each body's format, never the same twice for one body."""

    def __init__(self, rng):
        self.rng = rng
        self.taken = set()

    def new(self, profession):
        body = BODY_FOR_PROFESSION[profession]
        if not body:
            return "", ""
        number = self.candidate(profession)
        while (body, number) in self.taken:
            number = self.candidate(profession)
        self.taken.add((body, number))
        return body, number

    def candidate(self, profession):
        rng = self.rng
        if profession == Profession.DOCTOR:
            return str(rng.randint(2_000_000, 7_999_999))
        if profession in (Profession.NURSE, Profession.MIDWIFE):
            year = rng.choice([*range(85, 100), *range(0, 21)])
            return f"{year:02d}{rng.choice('ABCDEFGHIJKL')}{rng.randint(0, 9999):04d}{rng.choice('EEEEESW')}"
        if profession == Profession.PHARMACIST:
            return str(rng.randint(2_000_000, 2_099_999))
        if profession == Profession.DENTIST:
            return str(rng.randint(40_000, 299_999))
        return rng.choice(HCPC_PREFIXES_BY_PROFESSION[profession]) + str(rng.randint(10_000, 199_999))


def make_cohorts(rng, today):
    """One Academy cohort a year since 2018, to the one after today's: a 12-month programme
    from September. The first contract bought 300 places at about £13,300 each."""
    cohorts = []
    for number, year in enumerate(range(FIRST_COHORT_YEAR, today.year + 2), start=1):
        first_contract = number <= 3
        cohorts.append(
            Cohort(
                name=f"NHS Digital Academy cohort {number} ({year}/{(year + 1) % 100:02d})",
                programme="Postgraduate Diploma in Digital Health Leadership",
                partner=ACADEMY_PARTNERS[(number - 1) % len(ACADEMY_PARTNERS)],
                start_date=date(year, 9, 1),
                graduation_date=date(year + 1, 8, 31),
                places=100 if first_contract else rng.choice([60, 70, 80, 90, 100]),
                cost_per_place_gbp=Decimal("13300.00") + (0 if first_contract else 50 * rng.randint(0, 16)),
            )
        )
    return create_validated(Cohort, cohorts)


class Academy:
    """Places on the cohorts, given out as the workforce is built, never beyond capacity."""

    def __init__(self, rng, today, cohorts):
        self.rng = rng
        self.past = [cohort for cohort in cohorts if cohort.graduation_date <= today]
        self.current = [cohort for cohort in cohorts if cohort.start_date <= today < cohort.graduation_date]
        self.coming = [cohort for cohort in cohorts if cohort.start_date > today]
        self.places_left = {cohort.pk: cohort.places for cohort in cohorts}
        self.enrolments = []
        self.credentials = []  # academy_graduate, one per graduated enrolment

    def graduate(self, person, trust):
        """Give the person a past cohort's place and its credential; False if none is left."""
        enrolment = self.enrol(person, trust, self.past, EnrolmentStatus.GRADUATED)
        if enrolment is None:
            return False
        awarded_on = enrolment.cohort.graduation_date
        self.credentials.append(
            Credential(
                person=person,
                kind=CredentialKind.ACADEMY_GRADUATE,
                awarded_on=awarded_on,
                enrolment=enrolment,
            )
        )
        return True

    def maybe_enrol(self, person, trust):
        """An untrained clinician may be on the current cohort, offered the next, or have withdrawn."""
        draw = self.rng.random()
        if draw < 0.30:
            self.enrol(person, trust, self.current, EnrolmentStatus.ENROLLED)
        elif draw < 0.40:
            self.enrol(person, trust, self.coming, EnrolmentStatus.OFFERED)
        elif draw < 0.45:
            self.enrol(person, trust, self.past + self.current, EnrolmentStatus.WITHDRAWN)

    def enrol(self, person, trust, cohorts, status):
        live = status != EnrolmentStatus.WITHDRAWN
        open_cohorts = [cohort for cohort in cohorts if self.places_left[cohort.pk] > 0 or not live]
        if not open_cohorts:
            return None
        cohort = self.rng.choice(open_cohorts)
        if live:
            self.places_left[cohort.pk] -= 1
        enrolment = Enrolment(cohort=cohort, person=person, sponsoring_trust=trust, status=status)
        self.enrolments.append(enrolment)
        return enrolment


class WorkforceBuilder:
    """Builds every trust's people, posts and credentials in memory, then saves them in bulk."""

    def __init__(self, rng, today, cohorts):
        self.rng = rng
        self.today = today
        self.registrations = Registrations(rng)
        self.academy = Academy(rng, today, cohorts)
        self.people, self.posts, self.credentials = [], [], []
        self.pioneer = False  # whether the trust being built is one

    def add_trust(self, trust):
        profile = self.rng.choices(PROFILES, PROFILE_WEIGHTS[trust.digital_exemplar])[0]
        rng = self.rng
        self.pioneer = profile == "exemplary" and rng.random() < PIONEER_SHARE
        if profile == "exemplary":
            self.add_ccio(trust, weaknesses=set())
            self.add_team(trust, trained=rng.randint(4, 6), untrained=rng.randint(0, 2))
        elif profile == "nearly":
            self.add_ccio(trust, weaknesses=set())
            trained = rng.randint(2, 3)
            self.add_team(trust, trained, untrained=4 - trained, studying=4 - trained)
        elif profile == "developing":
            weaknesses = self.pick_weaknesses()
            self.add_ccio(trust, weaknesses)
            trained = rng.randint(0, 3) if "team" in weaknesses else rng.randint(4, 6)
            self.add_team(trust, trained, untrained=rng.randint(0, 3))
        elif profile == "early":
            self.add_ccio_vacancy(trust)
            self.add_team(trust, trained=rng.randint(0, 2), untrained=rng.randint(1, 2))
        else:
            self.add_team(trust, trained=rng.randint(0, 1), untrained=rng.randint(1, 2))
        self.add_executive_posts(trust)

    def pick_weaknesses(self):
        """Which of the review's tests a developing trust's CCIO set-up fails: at least one."""
        odds = {"time": 0.7, "reporting": 0.6, "credential": 0.35, "team": 0.8}
        weaknesses = {test for test, chance in odds.items() if self.rng.random() < chance}
        return weaknesses or {"time"}

    def add_ccio(self, trust, weaknesses):
        rng = self.rng
        clinical = "credential" not in weaknesses or rng.random() < 0.75
        person = self.add_person(trust, pick(rng, CCIO_PROFESSIONS) if clinical else Profession.NON_CLINICAL)
        if "credential" not in weaknesses:
            self.train(person, trust)
        elif clinical:
            self.academy.maybe_enrol(person, trust)
        elif rng.random() < 0.4:
            self.add_credential(person, CredentialKind.FEDIP_PRACTITIONER)
        start = self.start_date(date(2014, 1, 1), self.today - timedelta(days=60))
        self.add_post(
            trust,
            person,
            Role.CCIO,
            pick(rng, CCIO_TIME_SHORT if "time" in weaknesses else CCIO_TIME_FULL),
            pick(rng, REPORTS_SHORT if "reporting" in weaknesses else REPORTS_FULL),
            start,
            budget_authority_gbp=Decimal(25_000 * rng.randint(2, 80)) if rng.random() < 0.3 else None,
        )
        if rng.random() < 0.25:
            self.add_former_holder(trust, Role.CCIO, before=start)

    def add_ccio_vacancy(self, trust):
        """A vacant CCIO post, or one planned to start within the year, or none yet."""
        rng = self.rng
        kind = rng.choices(["vacant", "planned", "none"], [50, 25, 25])[0]
        if kind == "none":
            return
        if kind == "vacant":
            start = random_date(rng, date(2016, 4, 1), self.today - timedelta(days=30))
        else:
            start = self.today + timedelta(days=rng.randint(30, 330))
        self.add_post(trust, None, Role.CCIO, pick(rng, CCIO_TIME_FULL), pick(rng, REPORTS_FULL), start)

    def add_team(self, trust, trained, untrained, studying=0):
        """Clinician-informaticians (the trained ones first, in the lead roles; then `studying`
        on the current Academy cohort), some vacancies and, now and then, a post someone left."""
        rng = self.rng
        for index, role in enumerate(self.team_roles(trained + untrained)):
            professions = LEAD_ROLE_PROFESSIONS.get(role, INFORMATICIAN_PROFESSIONS)
            person = self.add_person(trust, pick(rng, professions))
            if index < trained:
                self.train(person, trust)
            elif index < trained + studying:
                self.academy.enrol(person, trust, self.academy.current, EnrolmentStatus.ENROLLED)
            else:
                self.academy.maybe_enrol(person, trust)
            start = self.start_date(date(2015, 1, 1), self.today - timedelta(days=1))
            self.add_post(trust, person, role, rng.choice(TEAM_TIME), self.team_reporting_line(), start)
        for _ in range(rng.choices([0, 1, 2], [75, 20, 5])[0]):
            start = random_date(rng, date(2018, 1, 1), self.today - timedelta(days=1))
            self.add_post(
                trust,
                None,
                Role.CLINICAL_INFORMATICIAN,
                rng.choice(TEAM_TIME),
                self.team_reporting_line(),
                start,
            )
        if rng.random() < 0.2:
            self.add_former_holder(trust, Role.CLINICAL_INFORMATICIAN, before=self.today)

    def start_date(self, first, last):
        """When a post began: within the pioneers' years for a pioneer, else from `first` to `last`."""
        return random_date(self.rng, *(PIONEER_YEARS if self.pioneer else (first, last)))

    def team_roles(self, size):
        if not size:
            return []
        leads = self.rng.sample(list(LEAD_ROLE_PROFESSIONS), k=min(size, self.rng.randint(1, 3)))
        return leads + [Role.CLINICAL_INFORMATICIAN] * (size - len(leads))

    def team_reporting_line(self):
        return pick(self.rng, {ReportsTo.OTHER: 50, ReportsTo.MEDICAL_DIRECTOR: 25, ReportsTo.CIO: 25})

    def add_former_holder(self, trust, role, before):
        """Someone who held the role and has since left it."""
        rng = self.rng
        person = self.add_person(trust, pick(rng, CCIO_PROFESSIONS))
        start = random_date(rng, date(2009, 1, 1), before - timedelta(days=400))
        end = random_date(rng, start + timedelta(days=180), before - timedelta(days=1))
        fraction = rng.choice(TEAM_TIME) if role != Role.CCIO else pick(rng, CCIO_TIME_SHORT)
        self.add_post(trust, person, role, fraction, self.team_reporting_line(), start, end_date=end)

    def add_executive_posts(self, trust):
        """Most trusts have a CIO (usually not a clinician); some a digital programme lead."""
        rng = self.rng
        if rng.random() < 0.8:
            profession = Profession.NON_CLINICAL if rng.random() < 0.85 else pick(rng, CCIO_PROFESSIONS)
            start = random_date(rng, date(2010, 1, 1), self.today - timedelta(days=30))
            reports_to = pick(rng, {ReportsTo.CEO: 60, ReportsTo.BOARD: 15, ReportsTo.OTHER: 25})
            budget = Decimal(250_000 * rng.randint(4, 80))
            person = self.add_person(trust, profession)
            self.add_post(trust, person, Role.CIO, "1.000", reports_to, start, budget_authority_gbp=budget)
        if rng.random() < 0.3:
            start = random_date(rng, date(2016, 1, 1), self.today - timedelta(days=1))
            person = self.add_person(trust, Profession.NON_CLINICAL)
            self.add_post(trust, person, Role.OTHER, rng.choice(["0.500", "1.000"]), ReportsTo.CIO, start)

    def train(self, person, trust):
        """An informatics credential: an Academy place while one is left, or another route; a
        pioneer's, before the review."""
        if self.pioneer:
            awarded_on = random_date(self.rng, *PIONEER_YEARS)
            self.credentials.append(
                Credential(person=person, kind=pick(self.rng, PIONEER_ROUTES), awarded_on=awarded_on)
            )
            return
        kind = pick(self.rng, TRAINING_ROUTES)
        if kind == CredentialKind.ACADEMY_GRADUATE and self.academy.graduate(person, trust):
            if self.rng.random() < 0.2:
                self.add_credential(person, CredentialKind.FCI_MEMBER)
            return
        if kind == CredentialKind.ACADEMY_GRADUATE:
            kind = CredentialKind.MASTERS_INFORMATICS
        self.add_credential(person, kind)

    def add_credential(self, person, kind):
        awarded_on = random_date(self.rng, CREDENTIAL_SINCE[kind], self.today - timedelta(days=1))
        self.credentials.append(Credential(person=person, kind=kind, awarded_on=awarded_on))

    def add_person(self, trust, profession):
        body, number = self.registrations.new(profession)
        person = Person(
            given_name=self.rng.choice(GIVEN_NAMES),
            family_name=self.rng.choice(FAMILY_NAMES),
            profession=profession,
            registration_body=body,
            registration_number=number,
            employing_trust=trust,
        )
        self.people.append(person)
        return person

    def add_post(self, trust, person, role, time_fraction, reports_to, start_date, **extra):
        self.posts.append(
            Post(
                trust=trust,
                person=person,
                role=role,
                time_fraction=Decimal(time_fraction),
                reports_to=reports_to,
                start_date=start_date,
                **extra,
            )
        )

    def save(self):
        """Parents before children, so every reference has its id by the time it is written."""
        create_validated(Person, self.people)
        create_validated(Post, self.posts)
        create_validated(Credential, self.credentials)
        create_validated(Enrolment, self.academy.enrolments)
        create_validated(Credential, self.academy.credentials)


@dataclass
class DemoWorkforce:
    trusts: list
    cohorts: list
    people: int
    posts: int
    vacancies: int
    credentials: int
    enrolments: int


def build_workforce(rng, today):
    """People, posts, credentials, Academy cohorts and enrolments for every active trust,
    which are then marked for recompute (bulk inserts send no signals)."""
    trusts = list(Trust.objects.active().order_by("ods_code"))
    cohorts = make_cohorts(rng, today)
    builder = WorkforceBuilder(rng, today, cohorts)
    for trust in trusts:
        builder.add_trust(trust)
    builder.save()
    mark_stale([trust.pk for trust in trusts])
    return DemoWorkforce(
        trusts=trusts,
        cohorts=cohorts,
        people=len(builder.people),
        posts=len(builder.posts),
        vacancies=sum(post.person is None for post in builder.posts),
        credentials=len(builder.credentials) + len(builder.academy.credentials),
        enrolments=len(builder.academy.enrolments),
    )

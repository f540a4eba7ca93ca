"""Demo information tree of the portal: seven pages in German, some translations current, one outdated (the
German text changed after it was translated), the rest missing; and one open appointment request from the
portal for the caseworkers' appointments page. Idempotent: nothing is added when the tree exists."""

from django.db import transaction

from wegweiser.casework.services.appointment_requests import appointment_request_submit
from wegweiser.portal import services
from wegweiser.portal.models import InfoPage, InfoPageText

ACTOR = "demo"

PAGES = [
    (
        "ankommen",
        "Ankommen im Landkreis",
        "<p>Willkommen im Landkreis Osnabrück. In den ersten Wochen melden Sie Ihren Wohnsitz bei der Gemeinde an, eröffnen ein Konto und vereinbaren einen Termin im Migrationszentrum.</p><ul><li>Wohnsitz anmelden</li><li>Krankenversicherung</li><li>Termin im Migrationszentrum</li></ul>",
    ),
    (
        "aufenthalt",
        "Aufenthalt und Papiere",
        "<p>Für Ihren Aufenthaltstitel ist die Ausländerbehörde des Landkreises zuständig. Bringen Sie Pass, Meldebescheinigung und ein biometrisches Foto mit.</p>",
    ),
    (
        "deutsch-lernen",
        "Deutsch lernen",
        "<p>Integrationskurse, Berufssprachkurse und Deutschtreffs gibt es in vielen Gemeinden. Im Angebotsfinder sehen Sie, wo Plätze frei sind.</p>",
    ),
    (
        "arbeit",
        "Arbeit und Anerkennung",
        "<p>Das Jobcenter und die Agentur für Arbeit helfen bei der Arbeitssuche. Ausländische Abschlüsse können anerkannt werden; die Anerkennungsberatung hilft dabei.</p>",
    ),
    (
        "schule-kita",
        "Schule und Kita",
        "<p>Kinder ab einem Jahr haben einen Anspruch auf einen Platz in der Kita. Schulpflichtige Kinder meldet die Gemeinde bei der Schule an.</p>",
    ),
    (
        "gesundheit",
        "Gesundheit",
        "<p>Mit der Gesundheitskarte gehen Sie zur Hausärztin oder zum Hausarzt. Im Notfall rufen Sie <bdi>112</bdi>.</p>",
    ),
    (
        "beratung",
        "Beratung",
        "<p>Die Migrationsberatung für Erwachsene und der Jugendmigrationsdienst beraten kostenlos und vertraulich.</p>",
    ),
]

TRANSLATIONS = {
    "ankommen": {
        "en": (
            "Arriving in the district",
            "<p>Welcome to the district of Osnabrück. In your first weeks you register your address with the municipality, open a bank account and make an appointment at the Migrationszentrum.</p><ul><li>Register your address</li><li>Health insurance</li><li>Appointment at the Migrationszentrum</li></ul>",
        ),
        "uk": (
            "Прибуття до району",
            "<p>Ласкаво просимо до району Оснабрюк. У перші тижні зареєструйте місце проживання в громаді, відкрийте рахунок і запишіться на прийом у Migrationszentrum.</p><ul><li>Реєстрація місця проживання</li><li>Медичне страхування</li><li>Прийом у Migrationszentrum</li></ul>",
        ),
        "ar": (
            "الوصول إلى المقاطعة",
            "<p>أهلاً بك في مقاطعة <bdi>Osnabrück</bdi>. في الأسابيع الأولى تسجّل عنوانك لدى البلدية وتفتح حساباً مصرفياً وتحجز موعداً في مركز الهجرة.</p><ul><li>تسجيل السكن</li><li>التأمين الصحي</li><li>موعد في مركز الهجرة</li></ul>",
        ),
    },
    "deutsch-lernen": {
        "uk": (
            "Вивчення німецької",
            "<p>Інтеграційні курси, професійні мовні курси та Deutschtreff є в багатьох громадах. У пошуку пропозицій видно, де є вільні місця.</p>",
        ),
        "ru": (
            "Изучение немецкого",
            "<p>Интеграционные курсы, профессиональные языковые курсы и Deutschtreff есть во многих общинах. В поиске предложений видно, где есть свободные места.</p>",
        ),
    },
    "gesundheit": {
        "uk": (
            "Здоров'я",
            "<p>З медичною карткою ви йдете до сімейного лікаря. У разі надзвичайної ситуації телефонуйте <bdi>112</bdi>.</p>",
        ),
    },
}

# Translated, then the German text changed: shown to visitors in German with a notice.
OUTDATED = (
    "aufenthalt",
    "uk",
    ("Перебування та документи", "<p>За ваш дозвіл на перебування відповідає відомство у справах іноземців.</p>"),
)
OUTDATED_NEW_GERMAN = "<p>Für Ihren Aufenthaltstitel ist die Ausländerbehörde des Landkreises zuständig. Termine gibt es nur nach Anmeldung; bringen Sie Pass, Meldebescheinigung und ein biometrisches Foto mit.</p>"


def load_demo(*, out, **options) -> None:
    if InfoPage.objects.filter(slug=PAGES[0][0]).exists():
        out.write("portal: demo pages exist")
        return
    with transaction.atomic():
        pages = {}
        for position, (slug, title, body) in enumerate(PAGES):
            pages[slug] = services.info_page_create(actor=ACTOR, slug=slug, title=title, body=body, position=position)
        for slug, languages in TRANSLATIONS.items():
            source_hash = InfoPageText.objects.get(page=pages[slug], language="de").content_hash
            for language, (title, body) in languages.items():
                services.info_page_translate(
                    actor=ACTOR, page=pages[slug], language=language, title=title, body=body,
                    source_hash=source_hash, in_review=False,
                )  # fmt: skip
        slug, language, (title, body) = OUTDATED
        page = pages[slug]
        old_hash = InfoPageText.objects.get(page=page, language="de").content_hash
        services.info_page_translate(
            actor=ACTOR, page=page, language=language, title=title, body=body, source_hash=old_hash, in_review=False
        )
        german_title = next(t for s, t, _b in PAGES if s == slug)
        services.info_page_update(
            actor=ACTOR, page=page, title=german_title, body=OUTDATED_NEW_GERMAN, parent=None,
            position=page.position, published=True,
        )  # fmt: skip
        reference = appointment_request_submit(
            topic="residence",
            preferred_days=[1, 3],
            language="uk",
            interpreter_needed=True,
            contact_method="phone",
            name="Demo-Anfrage",
            phone="0541 000000",
            consent=True,
        )
    out.write(f"portal: {len(pages)} information pages, one open appointment request ({reference})")

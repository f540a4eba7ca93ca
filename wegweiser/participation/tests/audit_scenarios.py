"""Each way participation writes a survey (audited as a decision: what the district asks the public), with the
codes and an anonymous and a named response on the way."""

from wegweiser.accounts.roles import Role
from wegweiser.participation import services
from wegweiser.participation.models import QuestionKind, SurveyStatus


def survey(world):
    planner = world.user(Role.INTEGRATION_OFFICE)
    made = services.survey_create(
        actor=planner, slug="umfrage-audit", kind="survey", title="Umfrage", one_per_person=True
    )
    question = services.question_add(actor=planner, survey=made, kind=QuestionKind.SCALE, text="Wie?")
    services.survey_update(actor=planner, survey=made, anonymous=False)
    services.survey_translate(
        actor=planner, survey=made, language="ar", title="استطلاع", intro="", questions={question.pk: ("كيف؟", "")}
    )
    services.survey_set_status(actor=planner, survey=made, status=SurveyStatus.OPEN)
    first, second = services.tokens_issue(actor=planner, survey=made, count=2)
    services.response_submit(survey_id=made.pk, language="ar", answers={question.pk: 4}, code=first)
    services.survey_set_status(actor=planner, survey=made, status=SurveyStatus.CLOSED)


SCENARIOS = {"participation.survey": survey}

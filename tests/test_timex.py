"""The time-expression resolver, one rule at a time, with values worked out by hand.

Anchor for most cases: Sunday 20 July 2025 (ISO week 29).
"""
from __future__ import annotations

import datetime

import pytest

from summarizer.dates.timex import Timex, find_timexes

SUN = datetime.date(2025, 7, 20)


def only(text: str, anchor: datetime.date = SUN) -> Timex:
    found = find_timexes(text, anchor)
    assert len(found) == 1, found
    t = found[0]
    assert text[t.start:t.end] == t.text
    return t


def values(text: str, anchor: datetime.date = SUN) -> list[tuple[str, str, str]]:
    return [(t.text, t.type, t.value) for t in find_timexes(text, anchor)]


# --- weekdays and tense -------------------------------------------------------
@pytest.mark.parametrize("text, value", [
    ("Talks that began on Monday collapsed.", "2025-07-14"),       # past verb: last Monday
    ("The minister said on Monday that talks were over.", "2025-07-14"),
    ("Shares fell sharply Friday.", "2025-07-18"),
    ("The leaders will meet on Monday.", "2025-07-21"),            # future: tomorrow
    ("The vote is expected Tuesday.", "2025-07-22"),
    ("The deadline expires Thursday.", "2025-07-24"),
    ("The accord had been due to expire Thursday.", "2025-07-17"),  # a plan now past
])
def test_weekday_direction_from_tense(text, value):
    t = only(text)
    assert (t.text.endswith("day"), t.type, t.value) == (True, "DATE", value)


@pytest.mark.parametrize("text, value", [
    # Sunday 20 July. "later Friday" places the statement within the day; the verb gives the tense.
    ("The ministry said in a statement later Friday that it would not comment.", "2025-07-18"),
    ("In a statement issued later Friday, the regulator rejected the appeal.", "2025-07-18"),
    ("Officials confirmed earlier Friday that the border had reopened.", "2025-07-18"),
    ("The minister will speak later Friday, after the cabinet meets.", "2025-07-25"),
])
def test_later_or_earlier_before_a_weekday_is_no_tense(text, value):
    t = only(text)
    assert (t.text, t.value) == ("Friday", value)


@pytest.mark.parametrize("text, span, value", [
    # Sunday 20 July: the Monday ahead is the 21st.
    ("The committee will vote a week from Monday.", "a week from Monday", "2025-07-28"),
    ("Bids are due two weeks from Friday, the agency said.", "two weeks from Friday", "2025-08-08"),
    ("The rules take effect 30 days after August 1.", "30 days after August 1", "2025-08-31"),
    ("Payment is due ten days from today.", "ten days from today", "2025-07-30"),
])
def test_a_length_counted_from_a_named_day_is_one_date(text, span, value):
    t = only(text)
    assert (t.text, t.type, t.value) == (span, "DATE", value)


def test_a_relative_clause_has_its_own_tense():
    # Sunday 20 July: "which began on Monday" is the 14th, whatever the main clause says next.
    assert values("The strike, which began on Monday, will continue until Friday.") == [
        ("Monday", "DATE", "2025-07-14"), ("Friday", "DATE", "2025-07-25")]
    assert values("The talks, which resume on Monday, were announced on Saturday.")[0] == ("Monday", "DATE", "2025-07-21")
    assert values("The offer had been due to expire Friday evening.") == [("Friday evening", "TIME", "2025-07-18TEV")]
    # ...and so does a participle clause: "agreed in May" is May before the article, not next year's.
    assert values("The truce, agreed in May, expires on Friday.") == [("May", "DATE", "2025-05"),
                                                                      ("Friday", "DATE", "2025-07-25")]


def test_a_date_something_was_moved_to_lies_ahead():
    # Sunday 20 July: "from Tuesday" may be either; "to Thursday" is the coming one, 24 July, past tense or not.
    assert values("The vote was postponed from Tuesday to Thursday.")[-1] == ("Thursday", "DATE", "2025-07-24")
    assert values("The deadline was extended from Friday until Monday.")[-1] == ("Monday", "DATE", "2025-07-21")


def test_the_end_of_the_year_followed_by_an_infinitive():
    # "until the end of the year to comply" is the year's end; "the year to March" is a fiscal year, not 2025.
    t = only("Firms have until the end of the year to comply.")
    assert (t.text, t.value, t.mod) == ("the end of the year", "2025", "END")
    assert values("Sales rose 5% in the year to March.") == [("March", "DATE", "2025-03")]


def test_weekday_same_day_in_past_sentence_is_today():
    assert only("Protesters marched Sunday in the capital.").value == "2025-07-20"


@pytest.mark.parametrize("text, value", [
    ("next Monday", "2025-07-21"),
    ("last Monday", "2025-07-14"),
    ("last Sunday", "2025-07-13"),     # not the anchor day itself
])
def test_weekday_with_next_last(text, value):
    t = only(text)
    assert t.text == text and t.value == value


def test_neutral_weekday_leans_to_the_past_unless_tomorrow():
    assert only("Tuesday's session").value == "2025-07-15"
    assert only("Monday's session").value == "2025-07-21"


def test_weekday_plural_is_a_set():
    assert values("The market closes on Fridays.") == [("Fridays", "SET", "XXXX-WXX-5")]


# --- durations and due dates --------------------------------------------------
def test_fifty_day_deadline_has_due_date_from_announcement():
    t = only("Trump announced a 50-day deadline.", datetime.date(2025, 7, 14))
    assert (t.text, t.type, t.value) == ("50-day", "DURATION", "P50D")
    assert t.due == datetime.date(2025, 9, 2)  # 14 July + 50 days
    assert t.direction == "future"


def test_within_the_next_days():
    t = only("Russia must agree within the next 50 days.")
    assert (t.text, t.type, t.value, t.mod) == ("within the next 50 days", "DURATION", "P50D", "EQUAL_OR_LESS")
    assert t.due == datetime.date(2025, 9, 8)


def test_in_two_weeks_is_the_point_two_weeks_on():
    # TimeBank annotates "redeemed in five years" as the date five years on.
    t = only("The ships will sail in two weeks.")
    assert (t.text, t.type, t.value, t.due) == ("two weeks", "DATE", "2025-08-03", datetime.date(2025, 8, 3))


def test_past_durations():
    assert values("Prices rose over the past three years.") == [("the past three years", "DURATION", "P3Y")]
    assert values("It lasted nearly two months.") == [("nearly two months", "DURATION", "P2M")]
    assert values("talks lasting 90 minutes") == [("90 minutes", "DURATION", "PT90M")]
    assert values("a two-week trip") == [("two-week", "DURATION", "P2W")]


def test_vague_durations():
    assert values("for the next few days") == [("the next few days", "DURATION", "PXD")]
    assert values("He waited for years.") == [("years", "DURATION", "PXY")]


def test_ages_and_fractions_are_not_durations():
    assert values("a 48-year-old man") == []
    assert values("Iraq imports about three-quarters of its food.") == []
    assert values("A second group of directors met.") == []


# --- calendar periods ---------------------------------------------------------
@pytest.mark.parametrize("text, value", [
    ("next week", "2025-W30"),
    ("this week", "2025-W29"),
    ("last week", "2025-W28"),
    ("last month", "2025-06"),
    ("next month", "2025-08"),
    ("last year", "2024"),
    ("this year", "2025"),
    ("next year", "2026"),
])
def test_relative_calendar_units(text, value):
    t = only(text)
    assert (t.text, t.type, t.value) == (text, "DATE", value)


def test_iso_week_across_the_year_boundary():
    # 29 Dec 2025 is a Monday in ISO week 1 of 2026.
    assert only("this week", datetime.date(2025, 12, 29)).value == "2026-W01"
    assert only("next week", datetime.date(2025, 12, 24)).value == "2026-W01"


def test_end_of_the_month():
    t = only("They must decide by the end of the month.")
    assert (t.text, t.value, t.mod) == ("the end of the month", "2025-07", "END")


def test_early_september_has_start_mod():
    t = only("Talks resume in early September.")
    assert (t.text, t.value, t.mod) == ("early September", "2025-09", "START")


def test_quarters():
    assert only("Profit rose in the third quarter.", datetime.date(1998, 10, 20)).value == "1998-Q3"
    assert only("third-quarter profit", datetime.date(1989, 10, 26)).value == "1989-Q3"
    assert only("the fourth quarter of 1997").value == "1997-Q4"


def test_the_quarter_ended_on_a_quarter_end_is_that_quarter():
    oct89 = datetime.date(1989, 10, 26)
    # The span stops before "ended": the date after it is an expression of its own.
    assert values("Net rose for the quarter ended Sept. 30.", oct89) == [
        ("the quarter", "DATE", "1989-Q3"), ("Sept. 30", "DATE", "1989-09-30")]
    assert values("Net fell in the quarter ended Dec. 31, 1988.", oct89)[0] == ("the quarter", "DATE", "1988-Q4")
    assert values("Sales for the quarter ended Oct. 1 fell.", oct89)[0] == ("the quarter", "DATE", "1989-Q3")
    # A fiscal quarter ending mid-month is known only as three months.
    assert values("Sales for the quarter ended July 31 rose.", oct89)[0] == ("the quarter", "DURATION", "P3M")
    assert values("Net for the year ended June 30 rose.", oct89)[0] == ("the year", "DURATION", "P1Y")


def test_year_ago_quarter_follows_the_quarter_under_discussion():
    found = values("Net rose in the third quarter. In the year-ago quarter it lost money.",
                   datetime.date(1989, 11, 2))
    assert found == [("the third quarter", "DATE", "1989-Q3"), ("the year-ago quarter", "DATE", "1988-Q3")]


def test_seasons_and_weekend():
    assert only("this summer").value == "2025-SU"
    assert only("last winter").value == "2024-WI"
    assert only("Fighting flared over the weekend.").value == "2025-W29-WE"  # Sat 19 July


# --- days, months, years ------------------------------------------------------
@pytest.mark.parametrize("text, value", [
    ("today", "2025-07-20"),
    ("yesterday", "2025-07-19"),
    ("tomorrow", "2025-07-21"),
])
def test_relative_days(text, value):
    assert only(text).value == value


def test_now_is_present_ref():
    assert values("Prices are now higher.") == [("now", "DATE", "PRESENT_REF")]
    assert values("Now that he is gone, prices fell.") == []


@pytest.mark.parametrize("text, value", [
    ("July 20, 2025", "2025-07-20"),
    ("20 July 2025", "2025-07-20"),
    ("2025-07-20", "2025-07-20"),
    ("07/23/2025", "2025-07-23"),
    ("Sept. 30, 1989", "1989-09-30"),
    ("Tuesday, July 22", "2025-07-22"),
])
def test_absolute_dates(text, value):
    t = only(text)
    assert (t.text, t.type, t.value) == (text, "DATE", value)


def test_month_day_without_year_takes_the_nearest_year():
    assert only("They must answer by August 15.").value == "2025-08-15"
    # A dividend "payable Jan. 2" in a November story is the coming January.
    assert only("The board declared a dividend payable Jan. 2.", datetime.date(1989, 11, 2)).value == "1990-01-02"
    assert only("The index hit a record on Aug. 6.", datetime.date(1998, 2, 6)).value == "1997-08-06"


def test_bare_month_direction():
    assert only("The plant closed in March.", datetime.date(1998, 2, 6)).value == "1997-03"
    assert only("The plant will close in March.", datetime.date(1998, 2, 6)).value == "1998-03"
    assert only("last February", datetime.date(1998, 3, 1)).value == "1998-02"


@pytest.mark.parametrize("text, value", [
    # A commitment with an infinitive looks ahead, though its own verb is past.
    ("NATO has decided to admit Poland in early March.", "2026-03"),
    ("The bank agreed to buy the lender in January.", "2026-01"),
    ("Its offers to acquire the maker expired in January.", "2025-01"),   # a plural noun, not a commitment
    # "by", "through", "effective" before the month: a limit or a start ahead...
    ("The airline will double its flights by August.", "2025-08"),
    ("Talks that are supposed to conclude by May stalled.", "2026-05"),
    ("The credit line runs through January.", "2026-01"),
    ("Costs rose under the labor pact effective Feb. 1.", "2026-02-01"),
    # ...but not after "had" or after a span so far.
    ("Ten members had filed reports by June, officials said.", "2025-06"),
    # "since" looks back; "was due" is a deadline that has passed.
    ("The carrier has been on patrol since March and was scheduled to return.", "2025-03"),
    ("The first payment was due in May.", "2025-05"),
    ("The next payment is due in May.", "2026-05"),
    # An -ed adjective is not a past event.
    ("It would be paid on a still unspecified date in January.", "2026-01"),
])
def test_month_direction_cues(text, value):
    assert only(text).value == value


def test_through_after_a_span_so_far_is_not_ahead():
    # October 1989: without the exception "through August" would be next August.
    assert values("Sales were flat this year through August.", datetime.date(1989, 10, 26))[-1] == (
        "August", "DATE", "1989-08")


def test_auxiliary_before_a_plan_lets_the_plan_speak():
    # "were planning to": the past auxiliary does not make Saturday last Saturday.
    assert only("Protesters planned a march on Saturday and were planning to drive downtown.",
                datetime.date(2000, 1, 7)).value == "2000-01-08"
    assert only("Albright set aside her vacation plans on Friday.").value == "2025-07-18"


def test_years_and_decades():
    assert values("in 1998") == [("1998", "DATE", "1998")]
    assert values("the 1990s") == [("the 1990s", "DATE", "199")]
    assert values("the late 1970s") == [("the late 1970s", "DATE", "197")]
    assert values("fiscal 1989") == [("fiscal 1989", "DATE", "1989")]
    assert values("nineteen ninety-six") == [("nineteen ninety-six", "DATE", "1996")]


def test_numbers_that_are_not_years():
    assert values("The index rose 1998 points.") == []
    assert values("They paid $2000 for it.") == []
    assert values("The venture, Orion 1980, makes parts.") == []


def test_ago():
    assert values("two years ago") == [("two years ago", "DATE", "2023")]
    assert values("three days ago") == [("three days ago", "DATE", "2025-07-17")]
    assert values("five months ago") == [("five months ago", "DATE", "2025-02")]
    assert values("years ago") == [("years ago", "DATE", "PAST_REF")]


def test_months_from_now_count_to_a_day():
    # Before: "one month from now" was the whole of August, and a deadline set that way ran to its last day.
    assert values("The regulator will rule one month from now, a spokeswoman said.") == [
        ("one month from now", "DATE", "2025-08-20")]
    assert values("Bids close two months hence.") == [("two months hence", "DATE", "2025-09-20")]
    assert values("The plant shut a month ago.") == [("a month ago", "DATE", "2025-06")]  # a past month stays a month


def test_vague_references():
    assert values("He recently resigned.") == [("recently", "DATE", "PAST_REF")]
    assert values("It will happen in the near future.") == [("the near future", "DATE", "FUTURE_REF")]
    assert values("He left soon after the attack.") == []


# --- times ------------------------------------------------------------------
def test_clock_with_day():
    assert values("at 3 p.m. Tuesday") == [("3 p.m. Tuesday", "TIME", "2025-07-15T15:00")]
    assert values("The polls close at 8 p.m. tomorrow.") == [("8 p.m. tomorrow", "TIME", "2025-07-21T20:00")]


def test_clock_alone_and_parts_of_day():
    assert values("at 10:30 a.m.") == [("10:30 a.m.", "TIME", "2025-07-20T10:30")]
    assert values("last night") == [("last night", "TIME", "2025-07-19TNI")]
    assert values("this morning") == [("this morning", "TIME", "2025-07-20TMO")]
    assert values("Friday evening") == [("Friday evening", "TIME", "2025-07-18TEV")]


# --- sets -----------------------------------------------------------------------
def test_sets():
    assert values("They meet each week.") == [("each week", "SET", "P1W")]
    assert values("The paper appears weekly.") == [("weekly", "SET", "P1W")]
    assert values("It sells $5 million a year.") == [("a year", "SET", "P1Y")]
    assert values("every Thursday") == [("every Thursday", "SET", "XXXX-WXX-4")]
    assert values("every morning") == [("every morning", "SET", "XXXX-XX-XXTMO")]


def test_adjective_sets_are_not_timexes():
    assert values("It raised its quarterly dividend.") == []
    assert values("Qantas plans daily flights.") == []


# --- false positives --------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "We said we would go.",
    "It may rain, and they may march on the capital.",
    "Protesters march through the streets.",
    "The march began at noon.",
    "Theresa May spoke.",
    "He finished second in the race.",
    "The sun rose.",
    "Sat down and read.",
])
def test_false_positives(text):
    assert find_timexes(text, SUN) == []


def test_modal_may_vs_month_may():
    assert values("The election is in May.") == [("May", "DATE", "2025-05")]
    assert values("The vote may be delayed.") == []


def test_the_march_before_a_noun_is_the_month():
    # 10 February 1999: "The March accession" is March 1999; a lowercase march is a walk.
    feb10 = datetime.date(1999, 2, 10)
    assert [(t.text, t.value) for t in find_timexes("The March accession will follow.", feb10)] == [
        ("March", "1999-03")]
    assert find_timexes("The march organisers will follow.", feb10) == []


# --- shape of the API -----------------------------------------------------------------
def test_offsets_anchor_and_json_shape():
    text = "On Monday, Mr. X said he would leave next week."
    found = find_timexes(text, SUN)
    assert [text[t.start:t.end] for t in found] == ["Monday", "next week"]
    assert all(t.anchor == SUN for t in found)
    assert found[1].as_json() == {"start": 37, "end": 46, "text": "next week", "type": "DATE", "value": "2025-W30"}


def test_datetime_anchor_accepted_and_empty_text():
    assert find_timexes("", SUN) == []
    assert only("yesterday", datetime.datetime(2025, 7, 20, 23, 59)).value == "2025-07-19"


# --- tense cues: abbreviations, attribution, "set", moved deadlines -------------
def test_abbreviation_full_stop_does_not_end_the_sentence():
    # "Dr." must not cut "will" off: Monday after Sunday 20 July is the 21st.
    assert only("The company will hold talks with Dr. Smith on Monday.").value == "2025-07-21"


def test_trailing_attribution_does_not_date_the_event():
    # "are to vote" looks ahead; ", officials said" only reports it: Thursday 24 July.
    assert only("Ministers are to vote on the plan Thursday, officials said.").value == "2025-07-24"


@pytest.mark.parametrize("text, anchor, value", [
    # A plan told in the past perfect was dropped or moved, before its day or after it: the nearest such day.
    # Saturday 7 March 2026: the Monday the ban was due is the coming one (9 March), not 2 March, five days
    # before, which would be before the order that set it.
    ("The ban, which had been due to take effect on Monday, will now take effect on March 22.",
     datetime.date(2026, 3, 7), "2026-03-09"),
    ("The hearing had been scheduled for Tuesday before the judge fell ill.", datetime.date(2026, 3, 7),
     "2026-03-10"),
    # Monday 30 October 1989: the offer due to expire on Friday expired three days before, not in four.
    ("It had been due to expire Friday.", datetime.date(1989, 10, 30), "1989-10-27"),
    # Thursday 5 March 2026: a vote "was due" on Wednesday, the day before.
    ("The vote was due on Wednesday, but the speaker put it off.", datetime.date(2026, 3, 5), "2026-03-04"),
    # A month-day without a year: the nearest, whichever side.
    ("The vote had been scheduled for January 3.", datetime.date(2025, 12, 20), "2026-01-03"),
])
def test_a_past_plan_is_on_its_nearest_day(text, anchor, value):
    t = [t for t in find_timexes(text, anchor) if t.value[:4].isdigit()][0]
    assert t.value == value and t.direction != "future"  # past in tense: a plan dropped is no deadline


def test_set_is_a_future_cue_only_before_to():
    # 6 Feb 1998: a record "set on Aug. 6" is last August, not next.
    assert only("The index hit a record set on Aug. 6.", datetime.date(1998, 2, 6)).value == "1997-08-06"
    assert only("The offer had been set to expire Friday.").value == "2025-07-18"  # "had": a past plan


def test_deadline_moved_to_a_day_lies_ahead():
    assert only("The deadline was extended to Friday.").value == "2025-07-25"


def test_this_season_is_this_years_whatever_the_tense():
    # 22 March 1998, past-tense sentence: still the summer of 1998.
    assert only("They were not left alone this summer, he said.", datetime.date(1998, 3, 22)).value == "1998-SU"


# --- the story's own dates ---------------------------------------------------------
def test_that_year_and_the_following_month_count_from_the_story():
    assert values("On May 22, 1995, he left. Imports fell that year.", SUN)[1] == ("that year", "DATE", "1995")
    assert values("In March 1995 he left, and the following month he returned.")[1] == (
        "the following month", "DATE", "1995-04")


def test_same_day_and_next_day_follow_the_last_named_day():
    found = values("He arrived Tuesday. The same day he spoke. The next day he left.")
    # Tuesday before Sunday 20 July is the 15th; the next day the 16th.
    assert found == [("Tuesday", "DATE", "2025-07-15"), ("The same day", "DATE", "2025-07-15"),
                     ("The next day", "DATE", "2025-07-16")]
    assert values("The same day, prices fell.") == [("The same day", "DATE", "2025-07-20")]


def test_the_year_of_a_report_is_the_anchor_year():
    assert values("For the year, volume was flat.") == [("the year", "DATE", "2025")]
    assert values("Sales for the full year rose.") == [("the full year", "DATE", "2025")]
    assert values("earnings for the fiscal year") == [("the fiscal year", "DATE", "2025")]
    assert values("The year was hard.") == []


def test_latest_period_and_last_years_quarter():
    # 2 Nov 1989: the quarter just closed is 1989-Q3, a year before it 1988-Q3.
    nov2 = datetime.date(1989, 11, 2)
    assert values("Net rose in the latest period.", nov2) == [("the latest period", "DATE", "1989-Q3")]
    assert values("Profit rose in the third quarter. Sales for last year's quarter were flat.", nov2)[1] == (
        "last year's quarter", "DATE", "1988-Q3")


# --- centuries and halves ---------------------------------------------------------
def test_centuries_are_dates():
    assert values("the 20th century") == [("the 20th century", "DATE", "19")]
    assert values("an 11th century temple") == [("11th century", "DATE", "10")]
    assert values("the twenty-first century") == [("the twenty-first century", "DATE", "20")]


def test_half_units():
    assert values("for 2 1/2 years") == [("2 1/2 years", "DURATION", "P2Y6M")]
    assert values("two and a half years") == [("two and a half years", "DURATION", "P2Y6M")]
    assert values("a minute and a half later") == [("a minute and a half", "DURATION", "PT1M30S")]
    assert values("an hour and a half") == [("an hour and a half", "DURATION", "PT1H30M")]


def test_a_coordinated_clause_keeps_its_own_tense():
    # Tuesday 22 July 2025: "adopted ... on Friday" is the Friday just past, although the
    # next clause ("are expected to") looks ahead.
    text = ("The European Union adopted its 18th package of sanctions against Russia on Friday, "
            "and EU foreign ministers are expected to start discussing a 19th in early September.")
    got = {t.text: t.value for t in find_timexes(text, datetime.date(2025, 7, 22))}
    assert got["Friday"] == "2025-07-18"
    assert got["early September"] == "2025-09"


def test_a_that_clause_does_not_date_the_reporting_verb():
    # Friday 7 March 2025: "told ... on Thursday that he would" is Thursday 6 March.
    text = "Delaney told a Senate committee on Thursday that he would not sign a deal."
    assert only(text, datetime.date(2025, 3, 7)).value == "2025-03-06"


# --- rules added after error analysis on TimeBank and AQUAINT-DEV -------------
def test_next_to_is_a_place_not_the_future():
    # Sunday 20 July: "exploded" dates it; "next to" must not pull it to next Friday.
    assert only("Bombs exploded next to the embassy on Friday.").value == "2025-07-18"


def test_irregular_participle_after_be_is_no_past_event():
    # "is heard" says nothing of the past: September is the coming one (2025), not 2024.
    assert only("The appeal is heard in September.").value == "2025-09"


def test_sentence_initial_now_with_a_comma_is_a_discourse_marker():
    assert values("Now, he says, the plan is dead.") == []
    assert values("Now officials are investigating.") == [("Now", "DATE", "PRESENT_REF")]


@pytest.mark.parametrize("text, anchor, value", [
    ("Elian was found Thanksgiving Day clinging to a tube.", datetime.date(2000, 1, 7), "1999-11-25"),
    ("It is a theme from now to Election Day.", datetime.date(1998, 10, 26), "1998-11-03"),
    ("Crowds gathered on Easter Sunday.", SUN, "2025-04-20"),
    ("Stores closed on Christmas Eve 1998.", SUN, "1998-12-24"),
])
def test_named_holidays(text, anchor, value):
    found = [t for t in find_timexes(text, anchor) if t.value != "PRESENT_REF"]
    assert [(t.type, t.value) for t in found] == [("DATE", value)]


def test_holiday_as_a_modifier_is_not_a_date():
    assert values("the Christmas shopping season") == []


def test_second_day_in_month_day_and_day():
    anchor = datetime.date(1999, 2, 10)
    assert values("the summit on April 24 and 25.", anchor) == [
        ("April 24", "DATE", "1999-04-24"), ("25", "DATE", "1999-04-25")]
    assert values("on April 24 and 25 people died", anchor) == [("April 24", "DATE", "1999-04-24")]


def test_the_day_before_a_named_day():
    # Thursday 24 February 2000: last Tuesday is the 22nd, the day before it the 21st.
    text = "The day before last Tuesday's hearing, he went home."
    assert values(text, datetime.date(2000, 2, 24)) == [("The day before last Tuesday", "DATE", "2000-02-21")]
    assert values("later in the day before returning home") == []


def test_clock_dated_by_weekday_after_a_bracketed_conversion():
    # Saturday 8 August 1998: Friday is the 7th; "0735 GMT" is no year.
    text = "The blast occurred at about 10:35 a.m. (0735 GMT) Friday, toppling a building."
    got = values(text, datetime.date(1998, 8, 8))
    assert got == [("at about 10:35 a.m.", "TIME", "1998-08-07T10:35"), ("Friday", "DATE", "1998-08-07")]


def test_years_in_a_list():
    assert [v for _, _, v in values("in 1994, 1995 and 1997")] == ["1994", "1995", "1997"]


def test_daily_as_an_adverb_or_basis_is_a_set():
    assert values("leads we investigate on a daily basis.") == [("daily", "SET", "P1D")]
    assert values("demonstrators who gather daily outside the home") == [("daily", "SET", "P1D")]
    assert values("Qantas plans daily flights") == []


def test_short_durations_after_for_and_as_long_as():
    assert values("I would go there just for one minute.") == [("one minute", "DURATION", "PT1M")]
    assert values("which could take as long as a month or two.") == [("a month", "DURATION", "P1M")]
    assert values("a one minute silence") == []


def test_soon_before_a_past_verb_and_most_recently_are_not_timexes():
    assert values("a trickle of cash that soon became a flood.") == []
    anchor = datetime.date(1999, 2, 6)
    assert values("doctors were killed, most recently last October.", anchor) == [
        ("last October", "DATE", "1998-10")]


@pytest.mark.parametrize("text, expected", [
    # Sunday 20 July 2025.
    ("The regulator will publish its decision in the autumn.", ("the autumn", "DATE", "2025-FA")),
    ("He will decide by the spring.", ("the spring", "DATE", "2026-SP")),      # this year's is over
    ("Over the summer, competitors cut prices.", ("the summer", "DATE", "2025-SU")),
    ("Orders rose from the low levels of the early summer.", ("the early summer", "DATE", "2025-SU")),
])
def test_a_season_named_with_a_preposition(text, expected):
    assert values(text) == [expected]


def test_a_season_word_that_is_no_season():
    assert values("After the fall of the Berlin Wall, a fall in prices followed.") == []
    assert values("The winter session of parliament opened.") == []


def test_the_next_fortnight():
    t = only("A decision is due within the next fortnight.")
    assert (t.text, t.type, t.value, t.due) == ("the next fortnight", "DURATION", "P2W", datetime.date(2025, 8, 3))


@pytest.mark.parametrize("text, due", [
    ("Kyiv has two weeks to respond.", datetime.date(2025, 8, 3)),
    ("The bill gives firms 90 days to comply.", datetime.date(2025, 10, 18)),
    ("He spent two weeks in Geneva.", None),
])
def test_a_time_limit_someone_has_or_is_given(text, due):
    assert only(text).due == due


@pytest.mark.parametrize("text, due", [
    # Sunday 20 July 2025; weekdays counted by hand: Mon 21 ... Fri 25 is five, Mon 28 ... Fri 1 Aug is ten.
    ("Lawmakers must act within 10 business days.", datetime.date(2025, 8, 1)),
    ("The firm must respond within five working days of the notice.", datetime.date(2025, 7, 25)),
    ("The sale closes in three business days.", datetime.date(2025, 7, 23)),
])
def test_business_days_skip_the_weekend_and_stay_approximate(text, due):
    t = only(text)
    assert (t.due, t.approximate) == (due, True)


def test_plain_days_still_count_every_day():
    t = only("Lawmakers must act within 10 days.")
    assert (t.value, t.due, t.approximate) == ("P10D", datetime.date(2025, 7, 30), False)


@pytest.mark.parametrize("text, value", [
    # Sunday 20 July. "put", "set", "cut" are past and present alike: past in a report, unless a modal governs them.
    ("The minister will put forward a plan on Friday.", "2025-07-25"),
    ("The Fed could cut rates on Friday.", "2025-07-25"),
    ("On Friday the board set aside its vacation plans for the summer.", "2025-07-18"),
    ("On Friday, when the envoy set aside her travel plans for the trip, the ministry lifted a warning.", "2025-07-18"),
    ("The central bank cut rates on Friday.", "2025-07-18"),
    ("The talks are set for Friday.", "2025-07-25"),
])
def test_a_verb_the_same_in_the_past_takes_its_tense_from_what_governs_it(text, value):
    assert only(text).value == value


@pytest.mark.parametrize("text, span", [
    ("It was the first visit by a Chilean minister in three years.", "three years"),
    ("The river reached its highest level in nearly a decade on Tuesday.", "nearly a decade"),
    ("Officials called it the worst flood in 50 years.", "50 years"),
])
def test_a_length_after_a_superlative_or_first_looks_back_and_sets_no_date(text, span):
    found = [t for t in find_timexes(text, datetime.date(2025, 5, 8)) if t.text == span]
    assert found and found[0].type == "DURATION" and found[0].due is None and found[0].direction == "past"


@pytest.mark.parametrize("text, value", [
    ("The first vote will take place in two weeks.", "2025-05-22"),  # a verb between: two weeks on
    ("The deal will be reviewed in three years.", "2028"),
])
def test_a_length_after_a_verb_is_still_a_time_ahead(text, value):
    assert [t.value for t in find_timexes(text, datetime.date(2025, 5, 8))] == [value]


def test_a_first_event_a_clause_looks_ahead_to_is_still_ahead():
    found = find_timexes("Russia proposed three working groups, which could hold their first online meetings in "
                         "two weeks.", datetime.date(2025, 5, 8))
    assert [t.value for t in found] == ["2025-05-22"]


@pytest.mark.parametrize("text, value", [
    # Seen on real strike coverage: the approval is the vote, and the weekday dates it (before: next Monday).
    ("Machinists voted to approve a new contract with the company on Monday, ending the strike.", "2024-11-04"),
    ("Shareholders voted to reject the bid on Tuesday.", "2024-11-05"),
    # A commitment to do something else still looks ahead: the meeting is next Monday.
    ("The two sides agreed to meet again on Monday.", "2024-11-11"),
])
def test_a_weekday_after_a_vote_to_approve_dates_the_vote(text, value):
    assert only(text, datetime.date(2024, 11, 6)).value == value


def test_the_verb_a_weekday_hangs_on_dates_it_before_a_later_cue():
    # Seen on real tariff coverage: "the Tariffs announced on Saturday will be paused for a 30 day period" took
    # the next Saturday (from "will") and became a deadline three days ahead.
    s = "I am pleased, and the tariffs announced on Saturday will be paused for a period, the president said."
    assert only(s, datetime.date(2025, 2, 4)).value == "2025-02-01"
    assert only("The ferry due on Saturday will sail from Portmoy.", datetime.date(2025, 2, 4)).value == "2025-02-08"


@pytest.mark.parametrize("text, value", [
    # Seen on real port-strike coverage: "suspended its strike ... on Thursday after agreeing to hold off until
    # Jan. 15" put Thursday ahead, on the "until" of the clause after it.
    ("The union called off its walkout at the mill on Thursday after agreeing to wait until March.", "2025-07-17"),
    ("Growers ended the blockade on Friday because the ministry will review prices next month.", "2025-07-18"),
    ("The board will vote on Tuesday after the auditors finished their review.", "2025-07-22"),
])
def test_an_adverbial_clause_after_a_weekday_has_its_own_tense(text, value):
    assert [v for _, kind, v in values(text) if kind == "DATE"][0] == value


THU = datetime.date(2025, 7, 24)


@pytest.mark.parametrize("text, value", [
    # Seen on real court coverage: "Ali gave the administration the midnight Wednesday deadline" in Thursday's
    # report was the Wednesday after, on the word "deadline". Set in a past report, the day is the nearest one.
    ("The judge gave the ministry the midnight Wednesday deadline to release the files.", "2025-07-23T24:00"),
    ("The board set a Wednesday deadline for the bids, and two firms answered.", "2025-07-23"),
    ("Lawyers met on Monday, ahead of the Friday deadline.", "2025-07-25"),  # the nearest Friday is tomorrow
    ("Growers will answer before the Friday deadline.", "2025-07-25"),
])
def test_a_weekday_that_names_a_deadline_takes_its_tense_from_the_verb_that_set_it(text, value):
    assert [v for t, kind, v in values(text, THU) if t.endswith("day")][-1] == value


@pytest.mark.parametrize("text, value", [
    # Seen on real port coverage: "caused us to cancel scheduled negotiations with USMX in early June" put June a year
    # ahead, on "scheduled". Before its noun the word is an adjective; the verb before it dates the month.
    ("The growers said the breach caused them to cancel scheduled talks with the mill in early May.", "2025-05"),
    ("The board dropped the expected vote in March after the audit.", "2025-03"),
    ("Talks scheduled for June will go ahead.", "2026-06"),  # the plan itself still looks ahead
])
def test_a_plan_word_before_its_noun_is_no_tense(text, value):
    assert [v for _, kind, v in values(text) if kind == "DATE"][0] == value


def test_a_date_moved_to_after_an_abbreviated_month_lies_ahead():
    # "extended the comment period ... from Oct. 22 to Nov. 22" in June: the full stop of "Oct." cut the reach of
    # "extended", and the new day went to the November before.
    found = values("The housing agency extended the comment period on its loan rule from Oct. 22 to Nov. 22.",
                   datetime.date(2025, 6, 4))
    assert found[-1] == ("Nov. 22", "DATE", "2025-11-22")


@pytest.mark.parametrize("text, value, span", [
    # A clock time before "on WEEKDAY, MONTH DAY": the date decides, not the next or last such weekday.
    ("\u201cWe walk out at 12:01 a.m. on Tuesday, October 7,\u201d the union leader said.", "2025-10-07T00:01",
     "12:01 a.m. on Tuesday, October 7"),
    ("The duties take effect at 11:59 p.m. EST on Friday, Aug. 1, 2025, the order says.", "2025-08-01T23:59",
     "11:59 p.m. EST on Friday, Aug. 1, 2025"),
    ("Polls close at 8 p.m. Thursday, July 24, officials said.", "2025-07-24T20:00", "8 p.m. Thursday, July 24"),
    ("The ferry leaves at noon on Wednesday, July 23.", "2025-07-23T12:00", "noon on Wednesday, July 23"),
])
def test_a_clock_time_on_a_weekday_and_date_is_that_date(text, value, span):
    t = only(text)
    assert (t.value, t.text) == (value, span)

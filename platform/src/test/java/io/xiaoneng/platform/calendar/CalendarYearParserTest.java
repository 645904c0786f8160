package io.xiaoneng.platform.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class CalendarYearParserTest {

    private static final String SOURCE = "https://www.gov.cn/zhengce/zhengceku/202411/content_6986383.htm";

    /** A small but valid 2025: the fixed-date holidays, 春节 and its make-up days. */
    private static String valid2025(String holidaysExtra, String makeUpsExtra) {
        return """
                {
                  "year": 2025,
                  "sources": ["%s"],
                  "holidays": [
                    {"name": "元旦", "dates": ["2025-01-01"]},
                    {"name": "春节", "dates": ["2025-01-28", "2025-01-29", "2025-01-30", "2025-01-31",
                                               "2025-02-01", "2025-02-02", "2025-02-03", "2025-02-04"]},
                    {"name": "劳动节", "dates": ["2025-05-01", "2025-05-02"]},
                    {"name": "国庆节", "dates": ["2025-10-01", "2025-10-02", "2025-10-03"]}%s
                  ],
                  "makeUpWorkdays": [
                    {"name": "春节", "dates": ["2025-01-26", "2025-02-08"]}%s
                  ]
                }
                """.formatted(SOURCE, holidaysExtra, makeUpsExtra);
    }

    private static String valid2025() {
        return valid2025("", "");
    }

    private static void assertRejected(ThrowingCallable parse, String... problemFragments) {
        assertThatThrownBy(parse)
                .isInstanceOfSatisfying(InvalidCalendarDataException.class, e -> {
                    for (String fragment : problemFragments) {
                        assertThat(e.problems()).anySatisfy(p -> assertThat(p).contains(fragment));
                    }
                    assertThat(e.getMessage()).contains(problemFragments);
                });
    }

    @Test
    void parsesAValidYear() {
        CalendarYear year = CalendarYearParser.parse(valid2025(), 2025);
        assertThat(year.year()).isEqualTo(2025);
        assertThat(year.sources()).containsExactly(SOURCE);
        assertThat(year.holidays()).extracting(NamedDates::name).containsExactly("元旦", "春节", "劳动节", "国庆节");
        assertThat(year.makeUpWorkdays().get(0).dates())
                .containsExactly(LocalDate.of(2025, 1, 26), LocalDate.of(2025, 2, 8));
        assertThat(CalendarYearParser.parse(valid2025())).isEqualTo(year);
    }

    @Test
    void everyBundledFileParses() {
        // loadBundled goes through the parser with the expected year of each file name.
        assertThat(WorkingDayCalendar.loadBundled().coveredYears()).containsExactly(2024, 2025, 2026);
    }

    @Test
    void rejectsYearOtherThanExpected() {
        assertRejected(() -> CalendarYearParser.parse(valid2025(), 2026), "year: is 2025 but 2026 was expected");
    }

    @Test
    void rejectsImpossibleDate() {
        assertRejected(() -> CalendarYearParser.parse(valid2025(",{\"name\": \"x\", \"dates\": [\"2025-02-29\"]}", "")),
                "'2025-02-29' is not a valid date");
        assertRejected(() -> CalendarYearParser.parse(valid2025(",{\"name\": \"x\", \"dates\": [\"2025-3-3\"]}", "")),
                "'2025-3-3' is not a valid date");
    }

    @Test
    void rejectsDateOutsideTheYear() {
        // A date belonging to the neighbouring year goes into that year's file.
        assertRejected(() -> CalendarYearParser.parse(valid2025(",{\"name\": \"元旦\", \"dates\": [\"2024-12-31\"]}", "")),
                "2024-12-31 (元旦) is not in 2025");
    }

    @Test
    void rejectsDateBothHolidayAndMakeUpDay() {
        // Sun 26 Jan 2025 is a make-up day in the base data; listing it as a holiday too is contradictory.
        assertRejected(() -> CalendarYearParser.parse(valid2025(",{\"name\": \"x\", \"dates\": [\"2025-01-26\"]}", "")),
                "2025-01-26 is listed both as a holiday (x) and as a make-up working day (春节)");
    }

    @Test
    void rejectsMakeUpDayOnAWeekday() {
        // Mon 27 Jan 2025 is a working day anyway: listing it as make-up means the data has a typo.
        assertRejected(() -> CalendarYearParser.parse(valid2025("", ",{\"name\": \"x\", \"dates\": [\"2025-01-27\"]}")),
                "makeUpWorkdays: 2025-01-27 is a MONDAY");
    }

    @Test
    void rejectsDuplicateDates() {
        assertRejected(() -> CalendarYearParser.parse(valid2025(",{\"name\": \"again\", \"dates\": [\"2025-01-29\"]}", "")),
                "holidays: 2025-01-29 is listed twice (春节, again)");
    }

    @Test
    void rejectsMissingFixedDateStatutoryHoliday() {
        String withoutMay2 = valid2025().replace("\"2025-05-01\", \"2025-05-02\"", "\"2025-05-01\"");
        assertRejected(() -> CalendarYearParser.parse(withoutMay2), "statutory holiday 2025-05-02 is missing");
        // The typical typo: 10-01 written as 01-10.
        String swapped = valid2025().replace("\"2025-10-01\"", "\"2025-01-10\"");
        assertRejected(() -> CalendarYearParser.parse(swapped), "statutory holiday 2025-10-01 is missing");
    }

    @Test
    void rejectsAnEmptyPlaceholderYear() {
        // Such a file (no notice published yet) would make the year silently "weekends only".
        String empty = """
                {"year": 2027, "sources": ["https://www.gov.cn/"], "holidays": [], "makeUpWorkdays": []}
                """;
        assertRejected(() -> CalendarYearParser.parse(empty), "statutory holiday 2027-01-01 is missing");
    }

    @Test
    void rejectsMisspeltAndMissingFields() {
        String misspelt = valid2025().replace("\"makeUpWorkdays\"", "\"makeupWorkdays\"");
        assertRejected(() -> CalendarYearParser.parse(misspelt),
                "makeupWorkdays: unknown field", "makeUpWorkdays: required");
    }

    @Test
    void rejectsMissingOrBadSource() {
        assertRejected(() -> CalendarYearParser.parse(valid2025().replace("[\"" + SOURCE + "\"]", "[]")),
                "sources: at least one official notice URL is required");
        assertRejected(() -> CalendarYearParser.parse(valid2025().replace(SOURCE, "State Council notice")),
                "'State Council notice' is not an absolute http(s) URL");
    }

    @Test
    void rejectsDuplicateKeys() {
        String duplicate = valid2025().replace("\"year\": 2025,", "\"year\": 2025, \"year\": 2026,");
        assertRejected(() -> CalendarYearParser.parse(duplicate), "not valid JSON", "Duplicate field 'year'");
    }

    @Test
    void rejectsMalformedJsonAndWrongTypes() {
        assertRejected(() -> CalendarYearParser.parse("{\"year\": 2025,"), "not valid JSON");
        assertRejected(() -> CalendarYearParser.parse("  "), "the document is empty");
        assertRejected(() -> CalendarYearParser.parse("[]"), "must be a JSON object");
        assertRejected(() -> CalendarYearParser.parse(valid2025().replace("\"year\": 2025", "\"year\": \"2025\"")),
                "year: required, an integer");
        assertRejected(() -> CalendarYearParser.parse(valid2025("", ",{\"name\": \"x\", \"dates\": [20250208]}")),
                "makeUpWorkdays[1].dates: 20250208 is not a string");
    }

    @Test
    void reportsAllProblemsAtOnce() {
        String several = valid2025(",{\"name\": \"x\", \"dates\": [\"2025-02-30\"]}",
                ",{\"name\": \"y\", \"dates\": [\"2025-03-05\"]}").replace(SOURCE, "nope");
        assertThatThrownBy(() -> CalendarYearParser.parse(several, 2025))
                .isInstanceOfSatisfying(InvalidCalendarDataException.class,
                        e -> assertThat(e.problems()).hasSize(3));
    }

    @Test
    void calendarYearConstructorEnforcesTheSameRules() {
        // Code that builds a year directly (not from JSON) cannot bypass the checks.
        assertThatThrownBy(() -> new CalendarYear(2025, java.util.List.of(SOURCE),
                java.util.List.of(NamedDates.of("元旦", LocalDate.of(2025, 1, 1))),
                java.util.List.of(NamedDates.of("x", LocalDate.of(2025, 3, 5)))))
                .isInstanceOfSatisfying(InvalidCalendarDataException.class, e -> assertThat(e.problems())
                        .anySatisfy(p -> assertThat(p).contains("2025-03-05 is a WEDNESDAY"))
                        .anySatisfy(p -> assertThat(p).contains("statutory holiday 2025-10-01 is missing")));
    }

    @Test
    void indexListsYears() {
        assertThat(CalendarYearParser.parseIndex("{\"years\": [2024, 2025]}")).containsExactly(2024, 2025);
        assertRejected(() -> CalendarYearParser.parseIndex("{\"years\": []}"), "years: required");
        assertRejected(() -> CalendarYearParser.parseIndex("{\"years\": [2025, 2025]}"), "listed twice");
    }
}

package io.xiaoneng.platform.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Year;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Checks the project's own calendar files, day by day, against an independent source: the holiday-cn data set
 * (MIT, by NateScarlet), which the project keeps in {@code shared/data/holiday-cn/} beside the repository.
 *
 * <p>When that folder is not there (a clone elsewhere), the copy in {@code src/test/resources/holiday-cn/} is used;
 * when it is, the copy must still be identical to it, so the fallback cannot drift.
 */
class HolidayCnReferenceTest {

    private static final List<Integer> YEARS = List.of(2024, 2025, 2026);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Every date any reference file lists, whatever file it is in: true = day off, false = make-up working day. */
    private static final Map<LocalDate, Boolean> REFERENCE = new HashMap<>();
    private static final Map<Integer, JsonNode> REFERENCE_FILES = new HashMap<>();
    private static WorkingDayCalendar calendar;

    @BeforeAll
    static void load() {
        Optional<Path> shared = sharedReferenceDirectory();
        // Neighbouring years are read too when available: a notice for year Y can settle days of year Y-1
        // (New Year's Day breaks across the year end), and those days then sit in the file of Y.
        for (int year = YEARS.get(0) - 1; year <= YEARS.get(YEARS.size() - 1) + 1; year++) {
            Optional<String> text = shared.isPresent() ? readFile(shared.get().resolve(year + ".json"))
                    : readResource("/holiday-cn/" + year + ".json");
            if (text.isEmpty()) {
                assertThat(YEARS).as("reference file for %d is required", year).doesNotContain(year);
                continue;
            }
            JsonNode root = readTree(text.get());
            assertThat(root.get("year").intValue()).as("year inside %d.json", year).isEqualTo(year);
            REFERENCE_FILES.put(year, root);
            for (JsonNode day : root.get("days")) {
                LocalDate date = LocalDate.parse(day.get("date").textValue());
                boolean off = day.get("isOffDay").booleanValue();
                Boolean before = REFERENCE.put(date, off);
                assertThat(before).as("%s listed by two reference files with different status", date)
                        .isIn(null, off);
            }
        }
        calendar = WorkingDayCalendar.loadBundled();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = {2024, 2025, 2026})
    void everyDayOfTheYearMatchesTheReference(int year) {
        List<String> mismatches = new ArrayList<>();
        int checked = 0;
        for (LocalDate day = LocalDate.of(year, 1, 1); day.getYear() == year; day = day.plusDays(1)) {
            checked++;
            boolean expected = referenceIsWorkingDay(day);
            if (calendar.isWorkingDay(day) != expected) {
                mismatches.add(day + " " + day.getDayOfWeek() + ": reference says "
                        + (expected ? "working day" : "day off"));
            }
        }
        assertThat(checked).isEqualTo(Year.of(year).length());
        assertThat(mismatches).isEmpty();
    }

    /** The reference's rule: listed days as listed, the rest working iff Monday to Friday. */
    private static boolean referenceIsWorkingDay(LocalDate day) {
        Boolean off = REFERENCE.get(day);
        if (off != null) {
            return !off;
        }
        return day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = {2024, 2025, 2026})
    void bundledSourcesCiteTheSameNoticeAsTheReference(int year) {
        List<String> papers = new ArrayList<>();
        REFERENCE_FILES.get(year).get("papers").forEach(p -> papers.add(p.textValue()));
        assertThat(papers).isNotEmpty();
        assertThat(calendar.year(year).orElseThrow().sources()).containsAll(papers);
    }

    @Test
    void referenceIsNotTriviallyEmpty() {
        // Guards the test itself: with an empty reference every weekday would "match" a weekend-only calendar.
        assertThat(REFERENCE.keySet().stream().filter(d -> d.getYear() >= 2024 && d.getYear() <= 2026))
                .hasSizeGreaterThan(100);
    }

    @Test
    void testResourceCopyIsIdenticalToTheSharedReference() throws IOException {
        Optional<Path> shared = sharedReferenceDirectory();
        assumeThat(shared).as("shared/data/holiday-cn beside the repository").isPresent();
        for (String name : List.of("2024.json", "2025.json", "2026.json", "LICENSE")) {
            assertThat(readResource("/holiday-cn/" + name)).as(name)
                    .contains(Files.readString(shared.get().resolve(name)));
        }
    }

    /** {@code shared/data/holiday-cn} in the module directory or any folder above it (the repository's parent). */
    static Optional<Path> sharedReferenceDirectory() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("data").resolve("holiday-cn");
            if (Files.isRegularFile(candidate.resolve("2025.json"))) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static Optional<String> readFile(Path file) {
        try {
            return Files.isRegularFile(file) ? Optional.of(Files.readString(file)) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Optional<String> readResource(String name) {
        try (InputStream in = HolidayCnReferenceTest.class.getResourceAsStream(name)) {
            return in == null ? Optional.empty()
                    : Optional.of(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode readTree(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

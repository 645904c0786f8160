package io.xiaoneng.approval.catalog.app;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The import's CSV reader (RFC 4180): quoting, line ends, BOM, record numbers in errors. */
class CsvTest {

    @Test
    void readsPlainAndQuotedFields() {
        assertThat(Csv.parse("a,b,c\n1,\"x, y\",\"say \"\"hi\"\"\"\n")).containsExactly(
                List.of("a", "b", "c"), List.of("1", "x, y", "say \"hi\""));
    }

    @Test
    void keepsLineBreaksInsideQuotesAndAcceptsCrLfAndNoFinalLineBreak() {
        assertThat(Csv.parse("a,b\r\n\"line 1\nline 2\",z")).containsExactly(List.of("a", "b"), List.of("line 1\nline 2", "z"));
    }

    @Test
    void dropsAByteOrderMarkAndKeepsEmptyCellsAndLines() {
        assertThat(Csv.parse("\uFEFFa,,\"\"\n\nb\n")).containsExactly(List.of("a", "", ""), List.of(), List.of("b"));
    }

    @Test
    void jsonInACellNeedsOnlyTheQuotesDoubled() {
        assertThat(Csv.parse("fees\n\"[{\"\"name\"\":\"\"登记费\"\",\"\"lowerStandard\"\":80}]\"\n").get(1))
                .containsExactly("[{\"name\":\"登记费\",\"lowerStandard\":80}]");
    }

    @Test
    void malformedInputNamesTheRecord() {
        assertThatThrownBy(() -> Csv.parse("a\nb\n\"open\n"))
                .isInstanceOfSatisfying(Csv.MalformedCsvException.class, e -> {
                    assertThat(e.record).isEqualTo(3);
                    assertThat(e.reason).isEqualTo("unclosed-quote");
                });
        assertThatThrownBy(() -> Csv.parse("a\nx\"y\n"))
                .isInstanceOfSatisfying(Csv.MalformedCsvException.class, e -> assertThat(e.reason).isEqualTo("quote-in-field"));
        assertThatThrownBy(() -> Csv.parse("a\n\"x\"y\n"))
                .isInstanceOfSatisfying(Csv.MalformedCsvException.class, e -> assertThat(e.record).isEqualTo(2));
    }
}

package io.xiaoneng.platform.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The value types travel in JSON as their plain full value; masking is for the caller to apply. */
class IdentifierJsonTest {

    record Applicant(ResidentIdNumber idNumber, PhoneNumber phone, UnifiedSocialCreditCode employer) {
    }

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void serialisesAsPlainFullStrings() throws Exception {
        Applicant applicant = new Applicant(ResidentIdNumber.parse("11010519491231002X"),
                PhoneNumber.parse("138 1234 5678"), UnifiedSocialCreditCode.parse("91350100M000100Y43"));
        assertThat(mapper.writeValueAsString(applicant)).isEqualTo(
                "{\"idNumber\":\"11010519491231002X\",\"phone\":\"13812345678\",\"employer\":\"91350100M000100Y43\"}");
        assertThat(mapper.writeValueAsString(PhoneNumber.parse("0571 87654321"))).isEqualTo("\"0571-87654321\"");
    }

    @Test
    void deserialisesThroughParseWithNormalisation() throws Exception {
        Applicant applicant = mapper.readValue(
                "{\"idNumber\":\"11010519491231002x\",\"phone\":\"+86 138 1234 5678\",\"employer\":\"91350100m000100y43\"}",
                Applicant.class);
        assertThat(applicant.idNumber().value()).isEqualTo("11010519491231002X");
        assertThat(applicant.phone().value()).isEqualTo("13812345678");
        assertThat(applicant.employer().value()).isEqualTo("91350100M000100Y43");
    }

    @Test
    void invalidValueFailsDeserialisationWithTheReasonButWithoutTheValue() {
        String typo = "110105194912310021";
        assertThatThrownBy(() -> mapper.readValue("\"" + typo + "\"", ResidentIdNumber.class))
                .isInstanceOf(JsonMappingException.class)
                .hasRootCauseInstanceOf(InvalidIdentifierException.class)
                .hasMessageContaining("INVALID_CHECKSUM")
                .hasMessageNotContaining(typo);
    }
}

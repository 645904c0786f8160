package io.xiaoneng.evaluation.report.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Builds the yearly report through every {@link ReportSection} bean — drafts from the monthly rollups where a section
 * has them, the verification from the raw facts ({@link ReportSource}) — and serializes it canonically.
 */
@ApplicationScoped
public class ReportBuilder {

    /**
     * Sections the report is meant to have. Those without a bean yet (part A's) are named in {@code pendingSections}
     * of the content, so a reader sees what the report does not cover.
     */
    public static final List<String> EXPECTED_SECTIONS = List.of("survey-dissatisfaction", "accountability-cases", "term-targets",
            "sanctions", "personal-grades", "hospitality-savings", "ratings", "rectification-rates", "commitments", "window-posts");

    /** The snapshot: everything a published report says. (Named for the API documents, where "Content" says nothing.) */
    @Schema(name = "ReportContent")
    public record Content(int year, List<ReportTable> sections, List<String> pendingSections) {}

    @Inject
    Instance<ReportSection> sections;

    @Inject
    ObjectMapper json;

    @Inject
    EntityManager em;

    /**
     * Memory for the report's sorts and hashes, for its transaction only ({@code set local}): the recomputation from
     * the raw facts spilled its hash aggregates to disk with PostgreSQL's default of 4 MB.
     */
    @ConfigProperty(name = "xiaoneng.evaluation.report.work-mem", defaultValue = "64MB")
    String workMem;

    /** The report as drafted: the growing sections from the monthly rollups. */
    public Content build(int year) {
        return build(year, ReportSource.ROLLUPS);
    }

    @Transactional
    public Content build(int year, ReportSource source) {
        if (!workMem.matches("\\d+\\s*(kB|MB|GB)")) {
            throw new IllegalStateException("xiaoneng.evaluation.report.work-mem must read like 64MB: " + workMem);
        }
        em.createNativeQuery("select set_config('work_mem', ?1, true)").setParameter(1, workMem.replace(" ", "")).getSingleResult();
        List<ReportSection> all = sections.stream().sorted(Comparator.comparingInt(ReportSection::order).thenComparing(ReportSection::key)).toList();
        Set<String> present = all.stream().map(ReportSection::key).collect(Collectors.toSet());
        return new Content(year, all.stream().map(s -> s.build(year, source)).toList(),
                EXPECTED_SECTIONS.stream().filter(k -> !present.contains(k)).toList());
    }

    /** The canonical text of a snapshot (what is stored, hashed and compared). */
    public String serialize(Content content) {
        try {
            return json.writeValueAsString(content);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("report not serializable", e);
        }
    }

    public Content parse(String text) {
        try {
            return json.readerFor(Content.class).with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).readValue(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored report unreadable", e);
        }
    }

    public static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

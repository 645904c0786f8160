package io.xiaoneng.devstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** How the launcher picks a service's start-up archive: the one that matches this JVM and this build, or none. */
class QuarkusServiceTest {

    @TempDir
    Path quarkusApp;

    @Test
    void anAotCacheWrittenAfterThePackagingIsFreshAndOneFromAnEarlierBuildIsNot() throws Exception {
        Path jar = Files.writeString(quarkusApp.resolve("quarkus-run.jar"), "jar");
        Files.setLastModifiedTime(jar, FileTime.from(Instant.parse("2026-11-28T10:00:00Z")));
        assertThat(QuarkusService.aotCacheIsFresh(quarkusApp)).as("no cache yet").isFalse();

        Path cache = Files.writeString(quarkusApp.resolve(QuarkusService.AOT_CACHE), "cache");
        Files.setLastModifiedTime(cache, FileTime.from(Instant.parse("2026-11-28T10:05:00Z")));
        assertThat(QuarkusService.aotCacheIsFresh(quarkusApp)).as("trained after this build").isTrue();

        Files.setLastModifiedTime(jar, FileTime.from(Instant.parse("2026-11-28T11:00:00Z"))); // repackaged
        assertThat(QuarkusService.aotCacheIsFresh(quarkusApp)).as("trained for the previous build").isFalse();
    }

    @Test
    void theJvmMapsTheArchiveOfItsOwnKindByTheRelativePathTheTrainingRunRecorded() throws Exception {
        assertThat(QuarkusService.jvmOptions(quarkusApp)).as("nothing packaged or trained")
                .containsExactly("-Xms16m", "-Xmx256m", "-XX:+UseSerialGC");

        Files.writeString(quarkusApp.resolve("app-cds.jsa"), "archive");
        Files.writeString(quarkusApp.resolve(QuarkusService.AOT_CACHE), "cache");
        if (Runtime.version().feature() >= 25) {
            assertThat(QuarkusService.jvmOptions(quarkusApp))
                    .contains("-XX:AOTCache=app.aot").noneMatch(o -> o.contains("SharedArchiveFile"));
        } else {
            assertThat(QuarkusService.jvmOptions(quarkusApp))
                    .contains("-XX:SharedArchiveFile=app-cds.jsa", "-Xshare:auto").noneMatch(o -> o.contains("AOTCache"));
        }
    }
}

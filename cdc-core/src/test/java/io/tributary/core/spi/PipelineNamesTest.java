package io.tributary.core.spi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PipelineNamesTest {
    @Test
    void aNameThatIsAlreadyAnIdentifierIsKeptSoExistingStateDirectoriesStillResume() {
        assertThat(PipelineNames.identifier("appdb-to-replica")).isEqualTo("appdb-to-replica");
        assertThat(PipelineNames.identifier("Orders_v2.1")).isEqualTo("Orders_v2.1");
        assertThat(PipelineNames.isIdentifier("Orders_v2.1")).isTrue();
    }

    @Test
    void aFlinkCdcDisplayNameBecomesALowerCaseSlug() {
        assertThat(PipelineNames.identifier("MySQL to Kafka Pipeline")).isEqualTo("mysql-to-kafka-pipeline");
        assertThat(PipelineNames.identifier("Sync MySQL Database to Doris")).isEqualTo("sync-mysql-database-to-doris");
        assertThat(PipelineNames.identifier("  orders / items (prod)  ")).isEqualTo("orders-items-prod");
        assertThat(PipelineNames.isIdentifier("MySQL to Kafka Pipeline")).isFalse();
    }

    @Test
    void aSlugNeverLeavesItsDirectoryAndIsNeverEmpty() {
        assertThat(PipelineNames.identifier("../../etc/passwd")).isEqualTo("etc-passwd");
        assertThat(PipelineNames.identifier("..")).startsWith("pipeline-").doesNotContain("/", ".");
        assertThat(PipelineNames.identifier("管道")).isEqualTo(PipelineNames.identifier("管道")).startsWith("pipeline-");
        assertThat(PipelineNames.identifier("管道")).isNotEqualTo(PipelineNames.identifier("流水线"));
    }
}

package io.tributary.source.oracle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.model.TableId;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What {@code tributary validate} tells the user of an Oracle database that is not ready, with the statements to run. */
class LogMiningPrerequisitesTest {
    private static final TableId ORDERS = TableId.of("ORCLPDB1", "INVENTORY", "ORDERS");
    private static final TableId ITEMS = TableId.of("ORCLPDB1", "INVENTORY", "ITEMS");

    /** A container database set up as the README says. */
    private static LogMiningPrerequisites.Facts ready() {
        return new LogMiningPrerequisites.Facts("ARCHIVELOG", true, false, true, "CDB$ROOT", Set.of("ORCLPDB1", "PDB$SEED"),
                Set.copyOf(LogMiningPrerequisites.SYSTEM_PRIVILEGES), Set.of(), List.of());
    }

    @Test
    void aReadyDatabaseHasNoProblem() {
        assertThat(LogMiningPrerequisites.problems(ready(), "C##CDC", "ORCLPDB1")).isEmpty();
        LogMiningPrerequisites.require(ready(), "C##CDC", "ORCLPDB1", "db:1521/ORCLCDB");
    }

    @Test
    void noArchiveLogModeSaysHowToTurnItOn() {
        LogMiningPrerequisites.Facts facts = new LogMiningPrerequisites.Facts("NOARCHIVELOG", true, false, true, "CDB$ROOT",
                Set.of("ORCLPDB1"), Set.copyOf(LogMiningPrerequisites.SYSTEM_PRIVILEGES), Set.of(), List.of());

        assertThatThrownBy(() -> LogMiningPrerequisites.require(facts, "C##CDC", "ORCLPDB1", "db:1521/ORCLCDB"))
                .isInstanceOfSatisfying(TributaryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SOURCE_MISCONFIGURED))
                .hasMessageContaining("Oracle at db:1521/ORCLCDB is not ready")
                .hasMessageContaining("NOARCHIVELOG mode")
                .hasMessageContaining("STARTUP MOUNT; ALTER DATABASE ARCHIVELOG; ALTER DATABASE OPEN;");
    }

    @Test
    void missingSupplementalLoggingGivesTheDatabaseAndTableStatements() {
        LogMiningPrerequisites.Facts facts = new LogMiningPrerequisites.Facts("ARCHIVELOG", false, false, true, "CDB$ROOT",
                Set.of("ORCLPDB1"), Set.copyOf(LogMiningPrerequisites.SYSTEM_PRIVILEGES), Set.of(), List.of(ORDERS, ITEMS));

        List<String> problems = LogMiningPrerequisites.problems(facts, "C##CDC", "ORCLPDB1");

        assertThat(problems).hasSize(2);
        assertThat(problems.get(0)).contains("ALTER DATABASE ADD SUPPLEMENTAL LOG DATA;");
        assertThat(problems.get(1)).contains("Tables INVENTORY.ORDERS, INVENTORY.ITEMS log only the changed columns",
                "In pluggable database ORCLPDB1: ALTER TABLE INVENTORY.ORDERS ADD SUPPLEMENTAL LOG DATA (ALL) COLUMNS; "
                        + "ALTER TABLE INVENTORY.ITEMS ADD SUPPLEMENTAL LOG DATA (ALL) COLUMNS;");
    }

    @Test
    void allColumnLoggingForTheWholeDatabaseCoversEveryTable() {
        LogMiningPrerequisites.Facts facts = new LogMiningPrerequisites.Facts("ARCHIVELOG", true, true, true, "CDB$ROOT", Set.of("ORCLPDB1"),
                Set.copyOf(LogMiningPrerequisites.SYSTEM_PRIVILEGES), Set.of(), List.of(ORDERS));

        assertThat(LogMiningPrerequisites.problems(facts, "C##CDC", "ORCLPDB1")).isEmpty();
    }

    @Test
    void missingPrivilegesAndViewsAreOneListOfGrants() {
        Set<String> privileges = new HashSet<>(LogMiningPrerequisites.SYSTEM_PRIVILEGES);
        privileges.removeAll(Set.of("LOGMINING", "FLASHBACK ANY TABLE"));
        LogMiningPrerequisites.Facts facts = new LogMiningPrerequisites.Facts("ARCHIVELOG", true, false, true, "CDB$ROOT", Set.of("ORCLPDB1"),
                privileges, Set.of("V$LOGMNR_CONTENTS", "V$ARCHIVED_LOG"), List.of());

        assertThatThrownBy(() -> LogMiningPrerequisites.require(facts, "C##CDC", "ORCLPDB1", "db:1521/ORCLCDB"))
                .isInstanceOfSatisfying(TributaryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SOURCE_PRIVILEGE_MISSING))
                .hasMessageContaining("the privileges LOGMINING, FLASHBACK ANY TABLE; SELECT on V$ARCHIVED_LOG, V$LOGMNR_CONTENTS")
                .hasMessageContaining("GRANT LOGMINING, FLASHBACK ANY TABLE TO C##CDC CONTAINER=ALL; GRANT SELECT ON V_$ARCHIVED_LOG TO C##CDC "
                        + "CONTAINER=ALL; GRANT SELECT ON V_$LOGMNR_CONTENTS TO C##CDC CONTAINER=ALL;");
    }

    @Test
    void aDatabaseWithoutPluggableOnesNeedsNoContainerClauses() {
        Set<String> privileges = new HashSet<>(LogMiningPrerequisites.SYSTEM_PRIVILEGES);
        privileges.removeAll(Set.of("SET CONTAINER", "LOGMINING"));
        LogMiningPrerequisites.Facts facts = new LogMiningPrerequisites.Facts("ARCHIVELOG", true, false, false, "XE", Set.of(), privileges,
                Set.of(), List.of(ORDERS));

        List<String> problems = LogMiningPrerequisites.problems(facts, "CDC", "XE");

        assertThat(problems).hasSize(2);
        assertThat(problems.get(0)).contains("GRANT LOGMINING TO CDC;").doesNotContain("SET CONTAINER").doesNotContain("CONTAINER=ALL");
        assertThat(problems.get(1)).contains("In the database: ALTER TABLE INVENTORY.ORDERS ADD SUPPLEMENTAL LOG DATA (ALL) COLUMNS;");
    }

    @Test
    void aSessionInAPluggableDatabaseOrAnUnknownOneIsNamed() {
        LogMiningPrerequisites.Facts facts = new LogMiningPrerequisites.Facts("ARCHIVELOG", true, false, true, "ORCLPDB1",
                Set.of("ORCLPDB1", "ORCLPDB2"), Set.copyOf(LogMiningPrerequisites.SYSTEM_PRIVILEGES), Set.of(), List.of());

        List<String> problems = LogMiningPrerequisites.problems(facts, "C##CDC", "SALESPDB");

        assertThat(problems).hasSize(2);
        assertThat(problems.get(0)).contains("The session is in container ORCLPDB1", "the container database's service");
        assertThat(problems.get(1)).contains("names pluggable database SALESPDB", "it has ORCLPDB1, ORCLPDB2");
    }
}

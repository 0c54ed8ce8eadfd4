package io.tributary.source.postgres.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.core.model.TableId;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PublicationPlanTest {
    private static final List<TableId> CAPTURED = List.of(TableId.of("shop", "public", "orders"), TableId.of("shop", "sales", "q1"));
    private static final PublicationScope SCOPE = new PublicationScope(List.of("public", "sales"), List.of());

    @Test
    void postgres15ForASuperuserPublishesTheSchemasTheTablesPatternsCanMatch() {
        PublicationPlan plan = PublicationPlan.choose("pub", CAPTURED, SCOPE, 150004, "15.4", true, "postgres");

        assertThat(plan.publishesNewTables()).isTrue();
        assertThat(plan.createSql()).isEqualTo("CREATE PUBLICATION \"pub\" FOR TABLES IN SCHEMA \"public\", \"sales\"");
        assertThat(plan.describe()).isEqualTo("FOR TABLES IN SCHEMA public, sales: tables created later in them and matching 'tables' are "
                + "captured from their first row");
        assertThat(PublicationPlan.choose("pub", CAPTURED, SCOPE, 170005, "17.5", true, "postgres").createSql()).as("and later versions")
                .isEqualTo(plan.createSql());
    }

    @Test
    void postgres14ListsTheCapturedTablesAndSaysWhatToDo() {
        PublicationPlan plan = PublicationPlan.choose("pub", CAPTURED, SCOPE, 140022, "14.22", true, "postgres");

        assertThat(plan.publishesNewTables()).isFalse();
        assertThat(plan.createSql()).isEqualTo("CREATE PUBLICATION \"pub\" FOR TABLE \"public\".\"orders\", \"sales\".\"q1\"");
        assertThat(plan.describe()).startsWith("for 2 tables (FOR TABLE the captured tables); PostgreSQL 14.22 has no FOR TABLES IN SCHEMA "
                + "publications, so pub lists the captured tables and tables created later are not captured. Upgrade the server to PostgreSQL "
                + "15 or later");
    }

    @Test
    void aRoleThatIsNotASuperuserListsTheTablesAndIsToldWhatAnAdministratorCanRun() {
        PublicationPlan plan = PublicationPlan.choose("pub", CAPTURED, SCOPE, 160002, "16.2", false, "cdc");

        assertThat(plan.createSql()).startsWith("CREATE PUBLICATION \"pub\" FOR TABLE ");
        assertThat(plan.newTablesNotCaptured()).hasValueSatisfying(why -> assertThat(why)
                .contains("user cdc is not a superuser, which FOR TABLES IN SCHEMA needs")
                .endsWith("create the publication before the pipeline first starts: CREATE PUBLICATION \"pub\" FOR TABLES IN SCHEMA \"public\", \"sales\""));
    }

    @Test
    void aSchemaHoldingATableWithoutReplicaIdentityIsNotPublishedWholeLestItsUpdatesFail() {
        PublicationScope scope = new PublicationScope(List.of("public", "sales"), List.of(TableId.of("shop", "sales", "scratch"),
                TableId.of("shop", "sales", "tmp")));

        PublicationPlan plan = PublicationPlan.choose("pub", CAPTURED, scope, 150004, "15.4", true, "postgres");

        assertThat(plan.createSql()).startsWith("CREATE PUBLICATION \"pub\" FOR TABLE ");
        assertThat(plan.newTablesNotCaptured()).hasValueSatisfying(why -> assertThat(why)
                .startsWith("table shop.sales.scratch is not captured and has neither a primary key nor a replica identity: publishing schema "
                        + "sales whole would make PostgreSQL refuse its UPDATEs and DELETEs")
                .contains("(and 1 more tables)"));
    }

    @Test
    void anExistingPublicationOfTributaryGetsTheSchemasAddedOneOfSomeoneElseIsLeftAlone() {
        PublicationPlan plan = PublicationPlan.choose("pub", CAPTURED, SCOPE, 150004, "15.4", true, "postgres");
        Publication listing = new Publication("pub", false, true, Set.copyOf(CAPTURED), Set.of("public"));

        PublicationPlan.Completion ours = plan.complete(listing, SCOPE, true);
        assertThat(ours.publishesNewTables()).isTrue();
        assertThat(ours.schemasToAdd()).containsExactly("sales");

        PublicationPlan.Completion theirs = plan.complete(listing, SCOPE, false);
        assertThat(theirs.publishesNewTables()).isFalse();
        assertThat(theirs.schemasToAdd()).isEmpty();
        assertThat(theirs.description()).endsWith("an administrator can run: ALTER PUBLICATION \"pub\" ADD TABLES IN SCHEMA \"sales\"");

        Publication everything = new Publication("pub", true, true, Set.copyOf(CAPTURED), Set.of());
        PublicationPlan onPostgres14 = PublicationPlan.choose("pub", CAPTURED, SCOPE, 140022, "14.22", true, "postgres");
        assertThat(onPostgres14.complete(everything, SCOPE, false)).as("FOR ALL TABLES publishes new tables on every version")
                .isEqualTo(new PublicationPlan.Completion(true, List.of(), "it publishes the tables created later in every schema: tables "
                        + "created later and matching 'tables' are captured from their first row"));
        assertThat(onPostgres14.complete(listing, SCOPE, true).publishesNewTables()).as("a FOR TABLE publication on PostgreSQL 14").isFalse();
    }
}

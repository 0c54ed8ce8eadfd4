package io.tributary.it;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The module rules of DESIGN.md §2, checked on the compiled classes. */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.tributary");
    }

    @Test
    void coreImportsNoConnectorAndNoFrontEnd() {
        noClasses().that().resideInAPackage("io.tributary.core..")
                .should().dependOnClassesThat().resideInAnyPackage("io.tributary.source..", "io.tributary.sink..", "io.tributary.pipeline..", "io.tributary.cli..")
                .check(classes);
    }

    @Test
    void connectorsDoNotImportEachOther() {
        slices().matching("io.tributary.(source|sink).(*)..").should().notDependOnEachOther()
                .ignoreDependency(resideInAPackage("io.tributary.source.."), resideInAPackage("io.tributary.source.jdbc.."))
                .allowEmptyShould(true).check(classes);
    }

    @Test
    void theJdbcSourceBaseServesSourcesOnlyAndImportsNoConnector() {
        noClasses().that().resideInAPackage("io.tributary.source.jdbc..")
                .should().dependOnClassesThat().resideInAnyPackage("io.tributary.source.postgres..", "io.tributary.source.mysql..", "io.tributary.source.mongodb..", "io.tributary.sink..")
                .check(classes);
        noClasses().that().resideInAPackage("io.tributary.sink..").should().dependOnClassesThat().resideInAPackage("io.tributary.source.jdbc..")
                .check(classes);
    }

    @Test
    void connectorsDoNotImportTheFrontEnd() {
        noClasses().that().resideInAnyPackage("io.tributary.source..", "io.tributary.sink..")
                .should().dependOnClassesThat().resideInAnyPackage("io.tributary.pipeline..", "io.tributary.cli..")
                .check(classes);
    }

    @Test
    void frontEndFindsConnectorsOnlyThroughFactories() {
        noClasses().that().resideInAnyPackage("io.tributary.pipeline..", "io.tributary.cli..")
                .should().dependOnClassesThat().resideInAnyPackage("io.tributary.source..", "io.tributary.sink..")
                .check(classes);
    }
}

package io.sealedsession.tests.architecture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import io.sealedsession.core.archviolation.CoreClassUsingTink;
import io.sealedsession.core.archviolation.CoreClassUsingWeakRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The hexagon holds over every main class of the project that is on this module's class path. */
class ArchitectureTest {

    private static JavaClasses mainClasses;

    @BeforeAll
    static void importMainClasses() {
        mainClasses = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages("io.sealedsession");
        // Sibling modules arrive as target/classes directories inside the reactor, as jars outside it.
        if (mainClasses.stream().noneMatch(c -> c.getPackageName().startsWith("io.sealedsession.crypto"))) {
            mainClasses = new ClassFileImporter()
                    .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                    .importPackages("io.sealedsession");
        }
    }

    @Test
    @DisplayName("the import sees the core, crypto and the kit")
    void importSeesModules() {
        assertThat(mainClasses.stream().map(c -> c.getPackageName()))
                .anyMatch(p -> p.startsWith("io.sealedsession.core"))
                .anyMatch(p -> p.startsWith("io.sealedsession.crypto"))
                .anyMatch(p -> p.startsWith("io.sealedsession.tests.kit"));
    }

    @Test
    @DisplayName("every architecture rule holds")
    void everyRuleHolds() {
        for (ArchRule rule : ArchitectureRules.ALL) {
            rule.check(mainClasses);
        }
    }

    @Test
    @DisplayName("the rules catch a core class that uses Tink")
    void rulesCatchTinkInCore() {
        JavaClasses violating = new ClassFileImporter().importClasses(CoreClassUsingTink.class);

        assertThatThrownBy(() -> ArchitectureRules.CORE_IS_PURE.check(violating)).isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> ArchitectureRules.TINK_ONLY_IN_CRYPTO.check(violating)).isInstanceOf(AssertionError.class);
    }

    @Test
    @DisplayName("the rules catch weak randomness")
    void rulesCatchWeakRandomness() {
        JavaClasses violating = new ClassFileImporter().importClasses(CoreClassUsingWeakRandom.class);

        assertThatThrownBy(() -> ArchitectureRules.NO_WEAK_RANDOMNESS.check(violating)).isInstanceOf(AssertionError.class);
    }
}

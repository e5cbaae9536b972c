package io.sealedsession.tests.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;

/** The hexagon's rules, as ArchUnit rules over the project's main classes. */
final class ArchitectureRules {

    private ArchitectureRules() {}

    static final ArchRule CORE_IS_PURE = classes()
            .that().resideInAPackage("io.sealedsession.core..")
            .should().onlyDependOnClassesThat().resideInAnyPackage(
                    "io.sealedsession.core..", "java..", "javax.crypto..", "org.slf4j..", "org.jspecify..")
            .as("session-core depends on nothing but the JDK, SLF4J and JSpecify");

    static final ArchRule TINK_ONLY_IN_CRYPTO = noClasses()
            .that().resideOutsideOfPackage("io.sealedsession.crypto..")
            .should().dependOnClassesThat().resideInAnyPackage("com.google.crypto.tink..", "com.google.protobuf..")
            .as("Tink is used only in session-crypto");

    static final ArchRule LETTUCE_ONLY_IN_ITS_ADAPTER = clientOnlyIn("io.lettuce..", "io.sealedsession.lettuce..");
    static final ArchRule JEDIS_ONLY_IN_ITS_ADAPTER = clientOnlyIn("redis.clients..", "io.sealedsession.jedis..");
    static final ArchRule REDISSON_ONLY_IN_ITS_ADAPTER = clientOnlyIn("org.redisson..", "io.sealedsession.redisson..");

    static final ArchRule NO_ADAPTER_SEES_ANOTHER = slices()
            .matching("io.sealedsession.(lettuce|jedis|redisson|servlet)..")
            .should().notDependOnEachOther()
            .allowEmptyShould(true)
            .as("no adapter sees another adapter");

    static final ArchRule NO_CYCLES = slices()
            .matching("io.sealedsession.(*)..")
            .should().beFreeOfCycles()
            .as("modules are free of cycles");

    private static final String OPT_IN_JAVA_CODEC = "io.sealedsession.core.JavaSerializationAttributeCodec";

    static final ArchRule NO_JAVA_DESERIALIZATION = noClasses()
            .that(DescribedPredicate.describe("are not part of the opt-in Java serialization codec",
                    (JavaClass c) -> !c.getName().startsWith(OPT_IN_JAVA_CODEC)))
            .should().dependOnClassesThat().haveFullyQualifiedName("java.io.ObjectInputStream")
            .as("only the opt-in, allow-listed codec reads Java serialization streams (D5)");

    static final ArchRule NO_WEAK_RANDOMNESS = noClasses()
            .should().dependOnClassesThat().haveFullyQualifiedName("java.util.Random")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.util.UUID")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.util.concurrent.ThreadLocalRandom")
            .as("tokens come from SecureRandom: no Random, ThreadLocalRandom or UUID in main code (T1)");

    static final List<ArchRule> ALL = List.of(CORE_IS_PURE, TINK_ONLY_IN_CRYPTO, LETTUCE_ONLY_IN_ITS_ADAPTER,
            JEDIS_ONLY_IN_ITS_ADAPTER, REDISSON_ONLY_IN_ITS_ADAPTER, NO_ADAPTER_SEES_ANOTHER, NO_CYCLES,
            NO_JAVA_DESERIALIZATION, NO_WEAK_RANDOMNESS);

    private static ArchRule clientOnlyIn(String clientPackage, String adapterPackage) {
        return noClasses()
                .that().resideOutsideOfPackage(adapterPackage)
                .should().dependOnClassesThat().resideInAPackage(clientPackage)
                .allowEmptyShould(true)
                .as(clientPackage + " is used only in " + adapterPackage);
    }
}

package io.sealedsession.release;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.ArchConfiguration;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.Source;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.core.importer.Locations;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import io.sealedsession.core.internal.Base64Url;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * No module's main classes read another module's {@code internal} package; a module may use its
 * own. A module is a class path root: a {@code target/classes} directory inside the reactor, a jar
 * outside it, so the rule needs no table of package names and holds for modules added later.
 *
 * <p>Inside the reactor the import takes every compiled {@code target/classes} directory but the
 * benchmarks', which time internal steps on purpose and are not published; this
 * module is built last, so on a clean build that is every module, those it does not depend on
 * (session-cli, the Spring and Micrometer adapters) included. Outside the reactor, the project's
 * classes on this module's class path (its jars).
 */
class InternalPackagesTest {

    static final ArchRule NO_MODULE_READS_ANOTHERS_INTERNALS = classes()
            .should(readNoOtherModulesInternals())
            .as("no module reads another module's internal package");

    private static JavaClasses mainClasses;

    @BeforeAll
    static void importMainClasses() {
        List<Path> reactor = reactorClassDirectories();
        Set<Location> locations = new HashSet<>();
        reactor.forEach(directory -> locations.add(Location.of(directory)));
        if (reactor.stream().noneMatch(directory -> Files.isDirectory(directory.resolve("io/sealedsession/core")))) {
            // Outside the reactor, or before its modules were compiled: the modules' jars on the class path.
            locations.addAll(Locations.ofPackage("io.sealedsession"));
        }
        // The rule looks at the project's own classes only: what they call elsewhere needs no import.
        ArchConfiguration configuration = ArchConfiguration.get();
        boolean resolving = configuration.resolveMissingDependenciesFromClassPath();
        configuration.setResolveMissingDependenciesFromClassPath(false);
        try {
            mainClasses = new ClassFileImporter()
                    .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                    .importLocations(locations);
        } finally {
            configuration.setResolveMissingDependenciesFromClassPath(resolving);
        }
    }

    @Test
    @DisplayName("the import sees the modules, and modules that use their own internal packages")
    void importSeesModules() {
        assertThat(mainClasses.stream().map(JavaClass::getPackageName))
                .as("the modules' classes, all of them compiled: this module is built last by the whole reactor's verify")
                .anyMatch(p -> p.startsWith("io.sealedsession.core"))
                .anyMatch(p -> p.startsWith("io.sealedsession.redis"))
                .anyMatch(p -> p.startsWith("io.sealedsession.servlet"))
                // Built before this module in the reactor without being its dependencies.
                .anyMatch(p -> p.startsWith("io.sealedsession.cli"))
                .anyMatch(p -> p.startsWith("io.sealedsession.spring"))
                .anyMatch(p -> p.startsWith("io.sealedsession.micrometer"));
        assertThat(mainClasses.stream().flatMap(c -> c.getDirectDependenciesFromSelf().stream()))
                .as("the rule has same-module internal dependencies to allow, so it is not vacuous")
                .anyMatch(d -> isInternal(d.getTargetClass()) && !d.getOriginClass().getPackageName().contains(".internal")
                        && moduleOf(d.getOriginClass()).equals(moduleOf(d.getTargetClass())));
    }

    @Test
    @DisplayName("no module reads another module's internal package")
    void ruleHolds() {
        NO_MODULE_READS_ANOTHERS_INTERNALS.check(mainClasses);
    }

    @Test
    @DisplayName("the rule catches a class of another module that reads session-core's internal package")
    void ruleCatchesAnotherModule() {
        JavaClasses violating = new ClassFileImporter().importClasses(ReadsCoreInternals.class, Base64Url.class);

        assertThatThrownBy(() -> NO_MODULE_READS_ANOTHERS_INTERNALS.check(violating))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining(ReadsCoreInternals.class.getName())
                .hasMessageContaining(Base64Url.class.getName());
    }

    /** Lives in this module's test classes, another class path root than session-core's. */
    static final class ReadsCoreInternals {
        String encode(byte[] bytes) {
            return Base64Url.encode(bytes);
        }
    }

    private static ArchCondition<JavaClass> readNoOtherModulesInternals() {
        return new ArchCondition<>("read no other module's internal package") {
            @Override
            public void check(JavaClass origin, ConditionEvents events) {
                for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
                    JavaClass target = dependency.getTargetClass().getBaseComponentType();
                    if (isInternal(target) && !moduleOf(origin).equals(moduleOf(target))) {
                        events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription() + ": "
                                + moduleOf(origin) + " reads the internal package of " + moduleOf(target)));
                    }
                }
            }
        };
    }

    private static boolean isInternal(JavaClass javaClass) {
        String name = javaClass.getBaseComponentType().getPackageName();
        return name.startsWith("io.sealedsession.") && (name.endsWith(".internal") || name.contains(".internal."));
    }

    /**
     * The class path root a class came from; for a class imported without its class file, the
     * packages above its {@code internal} segment, the module's own by the project's layout.
     */
    private static String moduleOf(JavaClass javaClass) {
        JavaClass base = javaClass.getBaseComponentType();
        Optional<Source> source = base.getSource();
        if (source.isPresent()) {
            String uri = source.get().getUri().toString();
            int classFile = uri.lastIndexOf(base.getName().replace('.', '/'));
            if (classFile > 0) {
                return uri.substring(0, classFile);
            }
        }
        String name = base.getPackageName();
        int internal = name.indexOf(".internal");
        return "package " + (internal > 0 ? name.substring(0, internal) : name);
    }

    /** The {@code target/classes} directories of the reactor's modules, found from this module's directory upwards. */
    private static List<Path> reactorClassDirectories() {
        Path found = Path.of("").toAbsolutePath();
        while (found != null && !Files.isRegularFile(found.resolve("session-core/pom.xml"))) {
            found = found.getParent();
        }
        List<Path> directories = new ArrayList<>();
        if (found == null) {
            return directories; // outside the reactor: the class path holds the modules as jars
        }
        Path root = found;
        try (Stream<Path> paths = Files.walk(root, 4)) {
            paths.filter(p -> p.endsWith(Path.of("target", "classes")) && Files.isDirectory(p.resolve("io/sealedsession")))
                    .filter(p -> !p.startsWith(root.resolve(".git")))
                    // The benchmarks measure internal steps (the record codec) on purpose; they are not published.
                    .filter(p -> !p.startsWith(root.resolve("benchmarks")))
                    .forEach(directories::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the reactor's modules under " + root, e);
        }
        return directories;
    }
}

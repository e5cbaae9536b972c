package io.sealedsession.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The module descriptors inside the jars this build packaged. */
class ModuleDescriptorsTest {

    private static final String PROVIDER = "io.sealedsession.redis.RedisClientProvider";

    @Test
    @DisplayName("every library jar is a named module that exports each non-internal package and no internal one")
    void everyLibraryExportsItsApiAndNoInternals() {
        List<Reactor.Module> libraries = Reactor.libraries();
        assertThat(libraries).isNotEmpty();
        for (Reactor.Module module : libraries) {
            ModuleDescriptor descriptor = descriptor(module);
            assertThat(descriptor.isAutomatic()).as("%s has a module-info.class", module.artifactId()).isFalse();
            assertThat(descriptor.name()).as("module name of %s", module.artifactId()).startsWith("io.sealedsession.");

            Set<String> exported = descriptor.exports().stream()
                    .peek(export -> assertThat(export.isQualified())
                            .as("%s exports %s to everyone", descriptor.name(), export.source()).isFalse())
                    .map(ModuleDescriptor.Exports::source)
                    .collect(Collectors.toCollection(TreeSet::new));
            Set<String> api = descriptor.packages().stream()
                    .filter(p -> !p.endsWith(".internal") && !p.contains(".internal."))
                    .collect(Collectors.toCollection(TreeSet::new));
            assertThat(exported).as("packages %s exports", descriptor.name()).isEqualTo(api);
            assertThat(descriptor.opens().stream().map(ModuleDescriptor.Opens::source))
                    .as("packages %s opens", descriptor.name())
                    .noneMatch(p -> p.contains(".internal"));
        }
    }

    @Test
    @DisplayName("session-redis uses RedisClientProvider and each adapter provides one")
    void adaptersProvideWhatSessionRedisUses() {
        assertThat(descriptor(library("session-redis")).uses()).contains(PROVIDER);
        for (String adapter : List.of("adapter-lettuce", "adapter-jedis", "adapter-redisson")) {
            assertThat(descriptor(library(adapter)).provides())
                    .as("provides of %s", adapter)
                    .anySatisfy(provides -> {
                        assertThat(provides.service()).isEqualTo(PROVIDER);
                        assertThat(provides.providers()).hasSize(1);
                    });
        }
    }

    static Reactor.Module library(String artifactId) {
        return Reactor.libraries().stream().filter(m -> m.artifactId().equals(artifactId)).findFirst()
                .orElseThrow(() -> new AssertionError("no library module " + artifactId));
    }

    static ModuleDescriptor descriptor(Reactor.Module module) {
        Path jar = module.jar();
        assertThat(Files.isRegularFile(jar)).as("%s (built by this reactor before release-tests)", jar).isTrue();
        ModuleReference reference = ModuleFinder.of(jar).findAll().stream().findFirst()
                .orElseThrow(() -> new AssertionError("no module in " + jar));
        return reference.descriptor();
    }
}

package io.sealedsession.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The BOM lists every published artifact of the project, at the project's version, and nothing else. */
class BomTest {

    private static final Pattern DEPENDENCY = Pattern.compile(
            "<dependency>\\s*<groupId>([^<]+)</groupId>\\s*<artifactId>([^<]+)</artifactId>\\s*<version>([^<]+)</version>\\s*</dependency>");

    @Test
    @DisplayName("the BOM manages exactly the library modules, each at the project's version")
    void bomListsEveryLibraryAndNothingElse() {
        String bom = Reactor.read(Reactor.root().resolve("bom/pom.xml"));
        assertThat(bom).as("the BOM has no parent: it must not bring the parent's third-party versions")
                .doesNotContain("<parent>");
        assertThat(bom).contains("<version>" + Reactor.version() + "</version>");

        List<String> managed = new ArrayList<>();
        Matcher matcher = DEPENDENCY.matcher(bom);
        while (matcher.find()) {
            assertThat(matcher.group(1)).as("groupId in the BOM").isEqualTo("io.sealedsession");
            assertThat(matcher.group(3)).as("version of %s in the BOM", matcher.group(2)).isEqualTo("${project.version}");
            managed.add(matcher.group(2));
        }
        List<String> libraries = Reactor.libraries().stream().map(Reactor.Module::artifactId).toList();
        assertThat(managed).as("artifacts the BOM manages (docs/releasing.md: adding a module)")
                .containsExactlyInAnyOrderElementsOf(libraries);
        assertThat(bom.split("<dependency>", -1)).as("every dependency entry is one the pattern read").hasSize(managed.size() + 1);
    }
}

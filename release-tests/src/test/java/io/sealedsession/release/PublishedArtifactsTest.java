package io.sealedsession.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What the build's packaging made for each library module, the files a publication uploads: the
 * jar, its sources, its Javadoc and its CycloneDX SBOM, and POM metadata that Maven Central requires.
 */
class PublishedArtifactsTest {

    @Test
    @DisplayName("every library module has a sources jar, a Javadoc jar and a CycloneDX SBOM beside its jar")
    void sourcesJavadocAndSbomForEveryLibrary() throws IOException {
        for (Reactor.Module module : Reactor.libraries()) {
            Path sources = module.artifact(Reactor.root(), "-sources.jar");
            Path javadoc = module.artifact(Reactor.root(), "-javadoc.jar");
            Path sbom = module.artifact(Reactor.root(), "-cyclonedx.json");
            try (ZipFile zip = new ZipFile(sources.toFile())) {
                assertThat(zip.getEntry("module-info.java")).as("module-info.java in %s", sources).isNotNull();
            }
            try (ZipFile zip = new ZipFile(javadoc.toFile())) {
                assertThat(zip.getEntry("index.html")).as("index.html in %s", javadoc).isNotNull();
                assertThat(zip.stream().map(e -> e.getName())).as("pages in %s", javadoc)
                        .noneMatch(name -> name.contains("/internal/"));
            }
            assertThat(sbom).as("SBOM of %s (the CycloneDX plugin runs only when Maven is online: no -o)", module.artifactId())
                    .isRegularFile();
            String json = Files.readString(sbom);
            assertThat(json).as("SBOM %s", sbom)
                    .contains("\"bomFormat\" : \"CycloneDX\"")
                    .contains("pkg:maven/io.sealedsession/" + module.artifactId() + "@" + Reactor.version());
        }
    }

    @Test
    @DisplayName("the POMs carry the license, SCM, developers and issue tracker that Maven Central asks for")
    void pomMetadata() {
        for (String pom : new String[] {"pom.xml", "bom/pom.xml"}) {
            String xml = Reactor.read(Reactor.root().resolve(pom));
            assertThat(xml).as(pom)
                    .contains("<url>https://github.com/sealed-sessions/sealed-sessions</url>")
                    .contains("<name>Apache-2.0</name>")
                    .contains("<scm")
                    .contains("<developers>")
                    .contains("<issueManagement>")
                    .contains("<description>");
        }
        for (Reactor.Module module : Reactor.libraries()) {
            String xml = Reactor.read(Reactor.root().resolve(module.directory()).resolve("pom.xml"));
            assertThat(xml).as("%s/pom.xml", module.directory()).contains("<name>").contains("<description>");
        }
        assertThat(Reactor.root().resolve("LICENSE")).isRegularFile();
        assertThat(Reactor.read(Reactor.root().resolve("LICENSE"))).contains("Apache License").contains("Version 2.0, January 2004");
    }
}

package io.sealedsession.release;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedsession.tests.redis.RedisServer;
import io.sealedsession.tests.redis.RespConnection;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Builds part of the project a second time, from a copy of its sources in another folder, and
 * deploys that build into a staging repository under {@code target/}: the parent POM, the BOM,
 * session-core, session-crypto, session-redis and adapter-lettuce. Then checks that the second build's jars are
 * byte for byte this build's (reproducible builds), and that a project of a consumer, generated
 * here, imports the BOM, depends on adapter-lettuce from the staging repository alone, compiles
 * and runs against a real {@code redis-server}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StagingRepositoryTest {

    /** What the second build builds; Maven adds the parent, session-core and session-redis (-am). */
    private static final List<String> STAGED = List.of("bom", "session-crypto", "adapter-lettuce");
    private static final List<String> COMPARED = List.of("session-core", "session-crypto", "session-redis", "adapter-lettuce");

    private Path work;
    private Path copy;
    private Path staging;

    @BeforeAll
    void buildAgainAndDeployIntoStaging() throws IOException {
        work = Path.of(System.getProperty("sealedsession.work"), "staging");
        ModulePathTest.deleteRecursively(work);
        copy = work.resolve("second-build");
        staging = work.resolve("staging-repository");
        copySources(Reactor.root(), copy);

        Path settings = NestedBuild.settings(work.resolve("second-build-settings"));
        // Not offline: the deploy plugin refuses to run offline. The settings' only repository is
        // the shared local one, read as files, so nothing is downloaded; the build's own local
        // repository is a new folder, so nothing is written into the shared one (deploying records
        // metadata in the local repository). The deploy phase runs the install phase first:
        // skipped, so the project's artifacts go to staging only.
        NestedBuild.run(copy, work.resolve("second-build.log"), List.of(
                "-s", settings.toString(),
                "-Dmaven.repo.local=" + work.resolve("second-build-repository"),
                // Maven 3.9 reads the shared repository in place as a read-only tail, instead of
                // copying from it through the mirror (which older Maven falls back to).
                "-Dmaven.repo.local.tail=" + NestedBuild.sharedRepository(),
                "-Dmaven.install.skip=true",
                "-Denforcer.skip=true",
                "-Dmaven.test.skip=true",
                "-Dmaven.javadoc.skip=true",
                "-Dcyclonedx.skip=true",
                "-DaltDeploymentRepository=staging::" + staging.toUri(),
                "-pl", String.join(",", STAGED), "-am",
                "deploy"));
    }

    @Test
    @DisplayName("the second build deploys to the staging repository and installs nothing anywhere")
    void secondBuildInstallsNothing() throws IOException {
        String log = Files.readString(work.resolve("second-build.log"));
        assertThat(log).as("install plugin lines of the second build")
                .doesNotContain("[INFO] Installing ")
                .contains("Skipping artifact installation");
        assertThat(log).contains("Uploaded to staging: " + staging.toUri());
        assertThat(log).as("nothing written outside target/").doesNotContain(NestedBuild.sharedRepository().resolve("io/sealedsession").toString());
        try (Stream<Path> files = Files.walk(staging)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .as("files in the staging repository")
                    .anyMatch(name -> name.startsWith("session-core-") && name.endsWith("-sources.jar"))
                    .anyMatch(name -> name.startsWith("sealed-sessions-bom-") && name.endsWith(".pom"))
                    .anyMatch(name -> name.startsWith("sealed-sessions-parent-") && name.endsWith(".pom"));
        }
    }

    @Test
    @DisplayName("jars built from the same sources in another folder are byte for byte the same")
    void jarsAreReproducible() throws IOException {
        for (String artifactId : COMPARED) {
            Reactor.Module module = ModuleDescriptorsTest.library(artifactId);
            for (String suffix : List.of(".jar", "-sources.jar")) {
                Path first = module.artifact(Reactor.root(), suffix);
                Path second = module.artifact(copy, suffix);
                assertThat(first).as("this build's jar (a clean build: stale classes make it differ)").isRegularFile();
                assertThat(second).isRegularFile();
                assertThat(Files.mismatch(first, second))
                        .as("first differing byte of %s and %s; entries that differ: %s", first, second, differingEntries(first, second))
                        .isEqualTo(-1L);
            }
        }
    }

    @Test
    @DisplayName("a project that imports the BOM runs on adapter-lettuce from the staging repository against Redis")
    void consumerProjectBuildsAndRuns() throws Exception {
        Path consumer = work.resolve("consumer");
        Path repository = work.resolve("consumer-repository");
        writeConsumerProject(consumer);
        Path settings = NestedBuild.settings(work.resolve("consumer-settings"), "staging", staging.toUri().toString());
        NestedBuild.run(consumer, work.resolve("consumer.log"), List.of(
                "-o", "-Daether.offline.protocols=file",
                "-s", settings.toString(),
                // A local repository of its own, so the project's artifacts can only come from staging.
                "-Dmaven.repo.local=" + repository,
                "compile",
                "org.apache.maven.plugins:maven-dependency-plugin:" + System.getProperty("sealedsession.dependencyPlugin.version")
                        + ":build-classpath",
                "-Dmdep.outputFile=" + consumer.resolve("classpath.txt")));

        List<String> classpath = Arrays.asList(Files.readString(consumer.resolve("classpath.txt")).trim().split(File.pathSeparator));
        List<String> own = classpath.stream().filter(jar -> jar.contains(File.separator + "io" + File.separator + "sealedsession" + File.separator)).toList();
        assertThat(own).as("the project's jars on the consumer's class path")
                .hasSize(4)
                .allMatch(jar -> jar.startsWith(repository.toString()));
        assertThat(classpath).as("no Redis client but Lettuce").noneMatch(jar -> jar.contains("jedis") || jar.contains("redisson"));
        for (String jar : own) {
            Path marker = Path.of(jar).resolveSibling("_remote.repositories");
            assertThat(Files.readString(marker)).as("where %s came from", jar).contains(">staging=");
        }

        try (RedisServer redis = RedisServer.startDefault()) {
            String output = NestedBuild.java(List.of(
                    "-cp", consumer.resolve("target/classes") + File.pathSeparator + String.join(File.pathSeparator, classpath),
                    "example.ConsumerApp", redis.uri()));
            assertThat(output).contains("client: [lettuce]").contains("cart after reading it back: book-42");

            try (RespConnection connection = RespConnection.to(redis)) {
                List<String> keys = connection.scan("ss:s:*");
                assertThat(keys).as("the consumer's session record").hasSize(1);
                String value = connection.callString("GET", keys.get(0));
                assertThat(value).as("the stored record is sealed").isNotNull().doesNotContain("book-42").doesNotContain("cart");
            }
        }
    }

    private static void writeConsumerProject(Path consumer) throws IOException {
        ModulePathTest.deleteRecursively(consumer);
        Files.createDirectories(consumer.resolve("src/main/java/example"));
        Files.writeString(consumer.resolve("pom.xml"), """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>example</groupId>
                  <artifactId>consumer</artifactId>
                  <version>1</version>
                  <properties>
                    <maven.compiler.release>17</maven.compiler.release>
                    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
                  </properties>
                  <dependencyManagement>
                    <dependencies>
                      <dependency>
                        <groupId>io.sealedsession</groupId>
                        <artifactId>sealed-sessions-bom</artifactId>
                        <version>%s</version>
                        <type>pom</type>
                        <scope>import</scope>
                      </dependency>
                    </dependencies>
                  </dependencyManagement>
                  <dependencies>
                    <dependency>
                      <groupId>io.sealedsession</groupId>
                      <artifactId>adapter-lettuce</artifactId>
                    </dependency>
                    <dependency>
                      <groupId>io.sealedsession</groupId>
                      <artifactId>session-crypto</artifactId>
                    </dependency>
                  </dependencies>
                  <build>
                    <pluginManagement>
                      <plugins>
                        <plugin>
                          <artifactId>maven-resources-plugin</artifactId>
                          <version>%s</version>
                        </plugin>
                        <plugin>
                          <artifactId>maven-compiler-plugin</artifactId>
                          <version>%s</version>
                        </plugin>
                      </plugins>
                    </pluginManagement>
                  </build>
                </project>
                """.formatted(Reactor.version(),
                        System.getProperty("sealedsession.resourcesPlugin.version"),
                        System.getProperty("sealedsession.compilerPlugin.version")));
        Files.writeString(consumer.resolve("src/main/java/example/ConsumerApp.java"), """
                package example;

                import io.sealedsession.core.Session;
                import io.sealedsession.core.SessionManager;
                import io.sealedsession.crypto.SessionKeyring;
                import io.sealedsession.redis.RedisSessionStore;
                import io.sealedsession.redis.RedisSessionStores;
                import io.sealedsession.redis.RedisStoreConfig;

                public final class ConsumerApp {
                    public static void main(String[] args) {
                        SessionKeyring keyring = SessionKeyring.generate();
                        try (RedisSessionStore store = RedisSessionStores.open(RedisStoreConfig.forUri(args[0]))) {
                            SessionManager sessions = SessionManager.builder(store, keyring.sealer()).build();
                            Session session = sessions.create();
                            session.setAttribute("cart", "book-42");
                            sessions.save(session);
                            Session again = sessions.find(session.token().revealValue()).orElseThrow();
                            System.out.println("client: " + RedisSessionStores.providerNames());
                            System.out.println("cart after reading it back: " + again.getAttribute("cart"));
                        }
                    }
                }
                """);
    }

    /**
     * Copies what a build reads: the parent POM, {@code .mvn}, and each module's POM and
     * {@code src/main}. Nothing from any {@code target} folder.
     */
    private static void copySources(Path root, Path copy) throws IOException {
        ModulePathTest.deleteRecursively(copy);
        Files.createDirectories(copy);
        Files.copy(root.resolve("pom.xml"), copy.resolve("pom.xml"));
        copyTree(root.resolve(".mvn"), copy.resolve(".mvn"));
        for (String module : Reactor.moduleDirectories()) {
            Files.createDirectories(copy.resolve(module));
            Files.copy(root.resolve(module).resolve("pom.xml"), copy.resolve(module).resolve("pom.xml"));
            copyTree(root.resolve(module).resolve("src/main"), copy.resolve(module).resolve("src/main"));
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        if (!Files.isDirectory(from)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    /** Names of the entries whose bytes or metadata differ, to say what made two jars differ. */
    private static List<String> differingEntries(Path first, Path second) throws IOException {
        List<String> differing = new ArrayList<>();
        try (ZipFile a = new ZipFile(first.toFile()); ZipFile b = new ZipFile(second.toFile())) {
            TreeSet<String> names = new TreeSet<>();
            for (Enumeration<? extends ZipEntry> e = a.entries(); e.hasMoreElements(); ) {
                names.add(e.nextElement().getName());
            }
            for (Enumeration<? extends ZipEntry> e = b.entries(); e.hasMoreElements(); ) {
                names.add(e.nextElement().getName());
            }
            for (String name : names) {
                ZipEntry x = a.getEntry(name);
                ZipEntry y = b.getEntry(name);
                if (x == null || y == null || x.getTime() != y.getTime() || !Arrays.equals(bytes(a, x), bytes(b, y))) {
                    differing.add(name);
                }
            }
        }
        return differing;
    }

    private static byte[] bytes(ZipFile zip, ZipEntry entry) throws IOException {
        try (InputStream in = zip.getInputStream(entry)) {
            return Objects.requireNonNull(in).readAllBytes();
        }
    }
}

package io.sealedsession.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs Maven as a separate process: the same Maven installation that runs this build, in batch
 * mode, with settings that send every download to the local repository of this build read as a
 * file repository, and a local repository of its own under {@code target/}. A nested build
 * therefore never reaches the network and never writes into the shared local repository.
 */
final class NestedBuild {

    private static final long TIMEOUT_MINUTES = 6;

    private NestedBuild() {}

    /** The local repository of the outer build; nested builds read third-party artifacts from it. */
    static Path sharedRepository() {
        return Path.of(System.getProperty("sealedsession.localRepository", System.getProperty("user.home") + "/.m2/repository"));
    }

    /**
     * Writes a settings file whose only mirror is {@link #sharedRepository()} as a file repository,
     * plus the {@code extra} repositories (id, URL), and returns its path.
     */
    static Path settings(Path directory, String... extraRepositories) throws IOException {
        StringBuilder repositories = new StringBuilder();
        StringBuilder mirrorExceptions = new StringBuilder();
        for (int i = 0; i < extraRepositories.length; i += 2) {
            String id = extraRepositories[i];
            String url = extraRepositories[i + 1];
            mirrorExceptions.append(",!").append(id);
            String repository = """
                    <repository><id>%s</id><url>%s</url>
                      <releases><enabled>true</enabled></releases>
                      <snapshots><enabled>true</enabled><updatePolicy>always</updatePolicy></snapshots>
                    </repository>""".formatted(id, url);
            repositories.append(repository);
        }
        String shared = sharedRepository().toUri().toString();
        String xml = """
                <settings>
                  <mirrors>
                    <mirror>
                      <id>shared-local-repository</id>
                      <mirrorOf>*%s</mirrorOf>
                      <url>%s</url>
                    </mirror>
                  </mirrors>
                  <profiles>
                    <profile>
                      <id>staging</id>
                      <repositories>%s</repositories>
                      <pluginRepositories>%s</pluginRepositories>
                    </profile>
                  </profiles>
                  <activeProfiles><activeProfile>staging</activeProfile></activeProfiles>
                </settings>
                """.formatted(mirrorExceptions, shared, repositories,
                        repositories.toString().replace("<repository>", "<pluginRepository>")
                                .replace("</repository>", "</pluginRepository>"));
        Path file = directory.resolve("settings.xml");
        Files.createDirectories(directory);
        Files.writeString(file, xml);
        return file;
    }

    /**
     * Runs {@code mvn -B} with {@code arguments} in {@code workingDirectory}, its output in
     * {@code log}; fails with the end of that log unless Maven exits 0.
     */
    static void run(Path workingDirectory, Path log, List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add(mavenExecutable());
        command.add("-B");
        command.addAll(arguments);
        try {
            Files.createDirectories(log.getParent());
            Process process = new ProcessBuilder(command)
                    .directory(workingDirectory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            process.getOutputStream().close();
            if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError("Maven did not finish in " + TIMEOUT_MINUTES + " minutes: " + command
                        + "\n" + tail(log));
            }
            assertThat(process.exitValue())
                    .as("exit code of %s in %s; the end of %s:%n%s", command, workingDirectory, log, tail(log))
                    .isZero();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while Maven ran", e);
        }
    }

    /** The {@code mvn} of the Maven that runs this build (the wrapper's, under {@code ./mvnw}). */
    private static String mavenExecutable() {
        String home = System.getProperty("sealedsession.maven.home", "");
        Path mvn = Path.of(home, "bin", "mvn");
        if (!home.isBlank() && Files.isExecutable(mvn)) {
            return mvn.toString();
        }
        return "mvn";
    }

    /**
     * Runs the JDK's {@code java} that runs this test with {@code arguments}, waits at most two
     * minutes, fails unless it exits 0, and returns what it printed (standard output and error).
     */
    static String java(List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(arguments);
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("%s ends", command).isTrue();
            assertThat(process.exitValue()).as("exit code of %s; output:%n%s", command, output).isZero();
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while java ran", e);
        }
    }

    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}

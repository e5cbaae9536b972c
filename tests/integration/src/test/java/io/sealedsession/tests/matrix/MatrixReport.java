package io.sealedsession.tests.matrix;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Records what the parameterized suites actually ran: for each suite and each of its cases (such
 * as {@code jedis · cluster-tls-acl on valkey}), how many tests passed, failed and were aborted.
 * The README's compatibility table is made from these records ({@code .ci/compatibility-table}),
 * so that it shows what the tests ran rather than what they were meant to run.
 *
 * <p>Registered through {@code ServiceLoader}; it writes only when the system property
 * {@value #DIRECTORY_PROPERTY} names a directory, one file per test JVM ({@code matrix-<pid>.tsv}),
 * and removes the files there that are older than its own JVM: those are from an earlier run,
 * while the JVMs of this run all start before any of them writes.
 */
public final class MatrixReport implements TestExecutionListener {

    /** The directory the records go to; nothing is written without it. */
    public static final String DIRECTORY_PROPERTY = "sealedsession.matrix.report";

    /** The segment type JUnit gives each invocation of a {@code @ParameterizedClass}. */
    private static final String INVOCATION = "class-template-invocation";

    private final Map<String, int[]> counts = new TreeMap<>();
    private TestPlan plan;

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        this.plan = testPlan;
    }

    @Override
    public void executionFinished(TestIdentifier identifier, TestExecutionResult result) {
        if (!identifier.isTest() || plan == null) {
            return;
        }
        Optional<TestIdentifier> invocation = invocationOf(identifier);
        if (invocation.isEmpty()) {
            return;
        }
        String suite = plan.getParent(invocation.get())
                .flatMap(TestIdentifier::getSource)
                .filter(ClassSource.class::isInstance)
                .map(source -> ((ClassSource) source).getJavaClass().getSimpleName())
                .orElse("?");
        int[] count = counts.computeIfAbsent(suite + "\t" + invocation.get().getDisplayName(), k -> new int[3]);
        count[result.getStatus().ordinal()]++; // SUCCESSFUL, ABORTED, FAILED
    }

    private Optional<TestIdentifier> invocationOf(TestIdentifier identifier) {
        Optional<TestIdentifier> current = Optional.of(identifier);
        while (current.isPresent()) {
            List<UniqueId.Segment> segments = current.get().getUniqueIdObject().getSegments();
            if (segments.get(segments.size() - 1).getType().equals(INVOCATION)) {
                return current;
            }
            current = plan.getParent(current.get());
        }
        return Optional.empty();
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        String directory = System.getProperty(DIRECTORY_PROPERTY);
        if (directory == null || directory.isBlank() || counts.isEmpty()) {
            return;
        }
        List<String> lines = new ArrayList<>();
        lines.add("suite\tcase\tpassed\taborted\tfailed");
        counts.forEach((key, count) -> lines.add(key + "\t" + count[0] + "\t" + count[1] + "\t" + count[2]));
        try {
            Path dir = Files.createDirectories(Path.of(directory));
            removeEarlierRuns(dir);
            Files.write(dir.resolve("matrix-" + ProcessHandle.current().pid() + ".tsv"), lines, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the matrix report to " + directory, e);
        }
    }

    private static void removeEarlierRuns(Path dir) throws IOException {
        Optional<Instant> started = ProcessHandle.current().info().startInstant();
        if (started.isEmpty()) {
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("matrix-")).toList()) {
                if (Files.getLastModifiedTime(file).toInstant().isBefore(started.get())) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }
}

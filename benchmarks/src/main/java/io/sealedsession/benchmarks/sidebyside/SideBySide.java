package io.sealedsession.benchmarks.sidebyside;

import io.sealedsession.benchmarks.support.Content;
import io.sealedsession.benchmarks.support.RedisServer;
import io.sealedsession.core.Session;
import io.sealedsession.core.SessionManager;
import io.sealedsession.core.memory.InMemorySessionStore;
import io.sealedsession.core.port.SessionSealer;
import io.sealedsession.crypto.SessionKeyring;
import io.sealedsession.redis.RedisSessionStore;
import io.sealedsession.redis.RedisSessionStores;
import io.sealedsession.redis.RedisStoreConfig;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The side-by-side run: every contender in one JVM against one {@code redis-server} it starts,
 * in interleaved rounds, each cell the median of its rounds. Prints the table of issue 12: ops/s
 * for read-only and writing requests at 1 and 8 threads, each adapter's ratio to its own client's
 * floor, ours against Spring Session, and the bytes a session takes in Redis and in the in-memory
 * store.
 *
 * <p>Options: {@code --rounds N} (default 5), {@code --seconds S} per cell and round (default 2),
 * {@code --sessions N} (default 1000), {@code --threads 1,8}, {@code --only TEXT} (measure only the
 * contenders whose name contains TEXT, for a profile of one of them).
 */
public final class SideBySide {

    private static final String[] CLIENTS = {"jedis", "lettuce", "redisson"};

    private int rounds = 5;
    private double seconds = 2;
    private int sessions = 1000;
    private int[] threadCounts = {1, 8};
    private String only;

    public static void main(String[] args) throws Exception {
        SideBySide run = new SideBySide();
        for (int a = 0; a < args.length; a++) {
            switch (args[a]) {
                case "--rounds" -> run.rounds = Integer.parseInt(args[++a]);
                case "--seconds" -> run.seconds = Double.parseDouble(args[++a]);
                case "--sessions" -> run.sessions = Integer.parseInt(args[++a]);
                case "--threads" -> run.threadCounts = Arrays.stream(args[++a].split(",")).mapToInt(Integer::parseInt).toArray();
                case "--only" -> run.only = args[++a];
                default -> throw new IllegalArgumentException("unknown option " + args[a]
                        + "; options: --rounds N --seconds S --sessions N --threads 1,8 --only TEXT");
            }
        }
        run.run();
    }

    private record Cell(String contender, boolean write, int threads) {}

    /** One cell's outcome: requests per second, and CPU per request in this JVM and in redis-server. */
    private record Sample(double opsPerSecond, double jvmMicros, double redisMicros) {}

    private void run() throws Exception {
        long inMemoryBytes = inMemoryBytesPerSession(20_000);
        List<String> notes = Content.notes(5, 7);
        String[] csrf = Content.csrfPool(4096, 42);
        SessionSealer sealer = SessionKeyring.generate().sealer();
        try (RedisServer redis = RedisServer.start()) {
            this.redis = redis;
            System.out.printf(Locale.ROOT, "redis-server %s on port %d; %d sessions each; %d rounds of %.1f s per cell%n",
                    redis.version(), redis.port(), sessions, rounds, seconds);
            String[] tokens = createOurs(redis.uri(), sealer, notes, csrf);
            byte[][] recordKeys = new byte[sessions][];
            for (int i = 0; i < sessions; i++) {
                recordKeys[i] = recordKey(tokens[i]);
            }
            List<Contender> contenders = new ArrayList<>();
            SpringSession spring;
            try {
                contenders.add(new Floors.Jedis(redis.port(), recordKeys, false));
                contenders.add(new Floors.Jedis(redis.port(), recordKeys, true));
                contenders.add(new Ours("jedis", redis.uri(), sealer, tokens));
                contenders.add(new Floors.Lettuce(redis.uri(), recordKeys, false));
                contenders.add(new Floors.Lettuce(redis.uri(), recordKeys, true));
                contenders.add(new Ours("lettuce", redis.uri(), sealer, tokens));
                contenders.add(new Floors.RedissonFloor(redis.uri(), recordKeys, false));
                contenders.add(new Floors.RedissonFloor(redis.uri(), recordKeys, true));
                contenders.add(new Ours("redisson", redis.uri(), sealer, tokens));
                spring = new SpringSession(redis.port(), sessions, notes, csrf);
                contenders.add(spring);

                if (only != null) {
                    contenders.removeIf(contender -> {
                        if (contender.name().contains(only)) {
                            return false;
                        }
                        contender.close();
                        return true;
                    });
                }
                long oursBytes = memoryUsage(redis, i -> new String(recordKeys[i], StandardCharsets.US_ASCII));
                long springBytes = memoryUsage(redis, spring::key);

                Map<Cell, List<Sample>> results = new LinkedHashMap<>();
                measureAll(contenders, csrf, 1, Math.min(1.0, seconds), null); // warm-up, not recorded
                for (int round = 0; round < rounds; round++) {
                    // Interleaved: each round starts with another contender, so no one always runs first.
                    List<Contender> order = new ArrayList<>(contenders);
                    java.util.Collections.rotate(order, -round);
                    measureAll(order, csrf, round + 1, seconds, results);
                }
                print(contenders, results, oursBytes, springBytes, inMemoryBytes);
            } finally {
                for (Contender contender : contenders) {
                    contender.close();
                }
            }
        }
    }

    private void measureAll(List<Contender> order, String[] csrf, int round, double cellSeconds, Map<Cell, List<Sample>> results)
            throws InterruptedException {
        for (boolean write : new boolean[] {false, true}) {
            for (int threads : threadCounts) {
                for (Contender contender : order) {
                    if (write && !contender.writes()) {
                        continue;
                    }
                    Sample sample = measure(contender, write, threads, cellSeconds, csrf);
                    if (results != null) {
                        results.computeIfAbsent(new Cell(contender.name(), write, threads), k -> new ArrayList<>()).add(sample);
                    }
                }
            }
        }
        System.out.printf(Locale.ROOT, "%s done%n", results == null ? "warm-up" : "round " + round);
    }

    private Sample measure(Contender contender, boolean write, int threads, double cellSeconds, String[] csrf)
            throws InterruptedException {
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        long[] counts = new long[threads];
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread[] workers = new Thread[threads];
        Stop stop = new Stop();
        for (int t = 0; t < threads; t++) {
            int slot = t;
            workers[t] = new Thread(() -> {
                SplittableRandom random = new SplittableRandom(31L * slot + 17);
                long count = 0;
                ready.countDown();
                try {
                    go.await();
                    while (!stop.now) {
                        int i = random.nextInt(sessions);
                        if (write) {
                            contender.write(i, csrf[random.nextInt(csrf.length)]);
                        } else {
                            contender.read(i);
                        }
                        count++;
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
                counts[slot] = count;
            }, "bench-" + t);
            workers[t].start();
        }
        ready.await();
        double redisCpuBefore = redisCpuSeconds();
        long jvmCpuBefore = jvmCpuNanos();
        long start = System.nanoTime();
        go.countDown();
        Thread.sleep((long) (cellSeconds * 1000));
        stop.now = true;
        long elapsed = System.nanoTime() - start;
        for (Thread worker : workers) {
            worker.join();
        }
        long jvmCpu = jvmCpuNanos() - jvmCpuBefore;
        double redisCpu = redisCpuSeconds() - redisCpuBefore;
        if (failure.get() != null) {
            throw new IllegalStateException(contender.name() + " failed", failure.get());
        }
        long requests = Arrays.stream(counts).sum();
        return new Sample(requests / (elapsed / 1e9), jvmCpu / 1e3 / requests, redisCpu * 1e6 / requests);
    }

    private RedisServer redis;

    /** redis-server's own CPU time so far (user + system, all its threads), from {@code INFO cpu}. */
    private double redisCpuSeconds() {
        double total = 0;
        for (String line : redis.command("INFO", "cpu").split("\r\n")) {
            if (line.startsWith("used_cpu_user:") || line.startsWith("used_cpu_sys:")) {
                total += Double.parseDouble(line.substring(line.indexOf(':') + 1));
            }
        }
        return total;
    }

    private static long jvmCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static final class Stop {
        volatile boolean now;
    }

    private String[] createOurs(String uri, SessionSealer sealer, List<String> notes, String[] csrf) {
        String[] tokens = new String[sessions];
        try (RedisSessionStore store = RedisSessionStores.open(RedisStoreConfig.custom().uri(uri).client("lettuce").build())) {
            SessionManager manager = SessionManager.builder(store, sealer).build();
            for (int i = 0; i < sessions; i++) {
                Session session = manager.create();
                session.setAttribute("csrf", csrf[i % csrf.length]);
                session.setAttribute("notes", notes);
                manager.authenticate(session, Content.user(i));
                manager.save(session);
                tokens[i] = session.token().revealValue();
            }
        }
        return tokens;
    }

    private static byte[] recordKey(String token) {
        String key = io.sealedsession.core.SessionToken.parse(token).orElseThrow().key().value();
        return ("ss:s:{" + key + "}").getBytes(StandardCharsets.US_ASCII);
    }

    /** The mean of {@code MEMORY USAGE key SAMPLES 0} over up to 100 sessions. */
    private long memoryUsage(RedisServer redis, java.util.function.IntFunction<String> key) {
        int sample = Math.min(100, sessions);
        long total = 0;
        for (int i = 0; i < sample; i++) {
            total += Long.parseLong(redis.command("MEMORY", "USAGE", key.apply(i), "SAMPLES", "0"));
        }
        return total / sample;
    }

    /**
     * The heap that {@code count} sessions with the side-by-side content take in an
     * {@link InMemorySessionStore}, per session: used heap after a full collection, with the
     * sessions and without them.
     */
    static long inMemoryBytesPerSession(int count) {
        SessionSealer sealer = SessionKeyring.generate().sealer();
        List<String> notes = Content.notes(5, 7);
        String[] csrf = Content.csrfPool(64, 1);
        InMemorySessionStore store = new InMemorySessionStore(java.time.Clock.systemUTC(), count + 1);
        SessionManager manager = SessionManager.builder(store, sealer)
                .eventListener(event -> { })
                .build();
        // Warm the code path and its classes before the baseline.
        InMemorySessionStore warm = new InMemorySessionStore();
        SessionManager warmManager = SessionManager.builder(warm, sealer).eventListener(event -> { }).build();
        for (int i = 0; i < 200; i++) {
            fill(warmManager, i, csrf, notes);
        }
        long before = usedHeapAfterGc();
        for (int i = 0; i < count; i++) {
            fill(manager, i, csrf, notes);
        }
        long after = usedHeapAfterGc();
        if (store.size() != count) {
            throw new IllegalStateException("the in-memory store holds " + store.size() + " sessions, expected " + count);
        }
        return (after - before) / count;
    }

    private static void fill(SessionManager manager, int i, String[] csrf, List<String> notes) {
        Session session = manager.create();
        session.setAttribute("csrf", csrf[i % csrf.length]);
        session.setAttribute("notes", notes);
        manager.authenticate(session, Content.user(i));
        manager.save(session);
    }

    private static long usedHeapAfterGc() {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    private void print(List<Contender> contenders, Map<Cell, List<Sample>> results, long oursBytes, long springBytes,
            long inMemoryBytes) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%nSide by side, %s, %d cores, Java %s; medians of %d rounds of %.1f s%n%n",
                Instant.now().toString().substring(0, 10), Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), rounds, seconds));
        out.append("| requests/s |");
        for (boolean write : new boolean[] {false, true}) {
            for (int threads : threadCounts) {
                out.append(' ').append(write ? "write" : "read").append(", ").append(threads).append(threads == 1 ? " thread" : " threads").append(" |");
            }
        }
        out.append(" bytes/session |\n|---|");
        out.append("---|".repeat(threadCounts.length * 2 + 1)).append('\n');
        Map<String, Contender> floors = new LinkedHashMap<>();
        for (Contender contender : contenders) {
            if (contender.floor()) {
                floors.put(contender.client(), contender);
            }
        }
        String springName = null;
        for (Contender contender : contenders) {
            if (contender instanceof SpringSession) {
                springName = contender.name();
            }
        }
        for (Contender contender : contenders) {
            out.append("| ").append(contender.name()).append(" |");
            for (boolean write : new boolean[] {false, true}) {
                for (int threads : threadCounts) {
                    Double value = median(results.get(new Cell(contender.name(), write, threads)), Sample::opsPerSecond);
                    if (value == null) {
                        out.append(" — |");
                        continue;
                    }
                    out.append(String.format(Locale.ROOT, " %,.0f", value));
                    Contender floor = contender.client() == null || contender.floor() ? null : floors.get(contender.client());
                    if (floor != null) {
                        Double base = median(results.get(new Cell(floor.name(), write, threads)), Sample::opsPerSecond);
                        out.append(String.format(Locale.ROOT, " (%.2f)", value / base));
                    }
                    out.append(" |");
                }
            }
            long bytes = contender instanceof SpringSession ? springBytes : oursBytes;
            out.append(String.format(Locale.ROOT, " %,d |%n", bytes));
        }
        out.append("\n(n.nn) = the row's requests/s over its own client's raw floor (GETEX; GETEX + SET XX of the same bytes).\n");
        if (springName != null) {
            out.append("\nSealed Sessions over Spring Session:\n");
            for (String client : CLIENTS) {
                String ours = "Sealed Sessions on " + Character.toUpperCase(client.charAt(0)) + client.substring(1);
                out.append("  ").append(ours).append(':');
                for (boolean write : new boolean[] {false, true}) {
                    for (int threads : threadCounts) {
                        Double mine = median(results.get(new Cell(ours, write, threads)), Sample::opsPerSecond);
                        Double theirs = median(results.get(new Cell(springName, write, threads)), Sample::opsPerSecond);
                        if (mine != null && theirs != null) {
                            out.append(String.format(Locale.ROOT, "  %s/%d %.2fx", write ? "write" : "read", threads, mine / theirs));
                        }
                    }
                }
                out.append('\n');
            }
        }
        out.append("\nCPU per request, microseconds (medians): this JVM (client, library, Spring) / redis-server\n\n| CPU µs per request |");
        for (boolean write : new boolean[] {false, true}) {
            for (int threads : threadCounts) {
                out.append(' ').append(write ? "write" : "read").append(", ").append(threads).append(threads == 1 ? " thread" : " threads").append(" |");
            }
        }
        out.append("\n|---|").append("---|".repeat(threadCounts.length * 2)).append('\n');
        for (Contender contender : contenders) {
            out.append("| ").append(contender.name()).append(" |");
            for (boolean write : new boolean[] {false, true}) {
                for (int threads : threadCounts) {
                    List<Sample> samples = results.get(new Cell(contender.name(), write, threads));
                    if (samples == null) {
                        out.append(" — |");
                    } else {
                        out.append(String.format(Locale.ROOT, " %.1f / %.1f |", median(samples, Sample::jvmMicros),
                                median(samples, Sample::redisMicros)));
                    }
                }
            }
            out.append('\n');
        }
        out.append(String.format(Locale.ROOT, "%nBytes per session in Redis (MEMORY USAGE, mean of a sample): Sealed Sessions %,d"
                + " (the floors use the same keys), Spring Session %,d.%n", oursBytes, springBytes));
        out.append(String.format(Locale.ROOT, "In-memory store (InMemorySessionStore), heap per session with the same content: %,d bytes.%n",
                inMemoryBytes));
        System.out.print(out);
    }

    private static Double median(List<Sample> samples, java.util.function.ToDoubleFunction<Sample> field) {
        if (samples == null || samples.isEmpty()) {
            return null;
        }
        double[] sorted = samples.stream().mapToDouble(field).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}

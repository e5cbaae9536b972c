package io.sealedsession.core.memory;

import io.sealedsession.core.SessionKey;
import io.sealedsession.core.SessionToken;
import java.security.SecureRandom;
import java.time.Duration;

/**
 * Measures what one session costs {@link InMemorySessionStore} in heap: fills a store with
 * {@code count} records of {@code recordBytes} sealed bytes each and prints the heap growth per
 * record. A measurement, not a test; it asserts nothing. Run after {@code test-compile}:
 *
 * <pre>
 * java -Xmx1g -cp session-core/target/classes:session-core/target/test-classes \
 *     io.sealedsession.core.memory.InMemoryStoreFootprint 100000 200
 * </pre>
 *
 * The figures in {@code docs/decisions.md} (the in-memory store's bounds) come from this.
 */
public final class InMemoryStoreFootprint {

    private InMemoryStoreFootprint() {}

    public static void main(String[] args) {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int recordBytes = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        SecureRandom random = new SecureRandom();
        byte[] record = new byte[recordBytes];
        random.nextBytes(record);

        long before = usedHeap();
        InMemorySessionStore store = new InMemorySessionStore(java.time.Clock.systemUTC(), count);
        for (int i = 0; i < count; i++) {
            // The key is the store's: created here, as a request creates it, and kept by the store.
            SessionKey key = SessionToken.generate(random).key();
            store.create(key, record, Duration.ofHours(1));
        }
        long after = usedHeap();

        System.out.printf("%d records of %d sealed bytes: %.1f MiB, %d bytes per session (%d beyond the record)%n",
                store.size(), recordBytes, (after - before) / 1048576.0, (after - before) / count,
                (after - before) / count - recordBytes);
    }

    private static long usedHeap() {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 5; i++) {
            System.gc();
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }
}

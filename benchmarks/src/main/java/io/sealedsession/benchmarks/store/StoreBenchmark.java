package io.sealedsession.benchmarks.store;

import io.sealedsession.benchmarks.support.Content;
import io.sealedsession.benchmarks.support.RedisServer;
import io.sealedsession.core.SaveResult;
import io.sealedsession.core.Session;
import io.sealedsession.core.SessionManager;
import io.sealedsession.crypto.SessionKeyring;
import io.sealedsession.redis.RedisSessionStore;
import io.sealedsession.redis.RedisSessionStores;
import io.sealedsession.redis.RedisStoreConfig;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The store through the public API ({@link RedisSessionStores#open}, {@link SessionManager}) on
 * each client, against a {@code redis-server} the benchmark starts: find alone, a read-only request
 * (find + save) and a writing request (find + set the CSRF token + save). Run with {@code -t 8}
 * for eight threads.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class StoreBenchmark {

    private static final int SESSIONS = 1000;

    @Param({"lettuce", "jedis", "redisson"})
    public String client;

    private RedisServer redis;
    private RedisSessionStore store;
    private SessionManager manager;
    private String[] tokens;
    private String[] csrf;

    @Setup(Level.Trial)
    public void setUp() {
        redis = RedisServer.start();
        store = RedisSessionStores.open(RedisStoreConfig.custom().uri(redis.uri()).client(client).build());
        manager = SessionManager.builder(store, SessionKeyring.generate().sealer()).build();
        List<String> notes = Content.notes(5, 7);
        csrf = Content.csrfPool(SESSIONS, 11);
        tokens = new String[SESSIONS];
        for (int i = 0; i < SESSIONS; i++) {
            Session session = manager.create();
            session.setAttribute("csrf", csrf[i]);
            session.setAttribute("notes", notes);
            manager.authenticate(session, Content.user(i));
            manager.save(session);
            tokens[i] = session.token().revealValue();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        store.close();
        redis.close();
    }

    @Benchmark
    public Optional<Session> find() {
        return manager.find(tokens[ThreadLocalRandom.current().nextInt(SESSIONS)]);
    }

    @Benchmark
    public SaveResult findAndSave() {
        Session session = manager.find(tokens[ThreadLocalRandom.current().nextInt(SESSIONS)]).orElseThrow();
        return manager.save(session);
    }

    @Benchmark
    public SaveResult findChangeAndSave() {
        int i = ThreadLocalRandom.current().nextInt(SESSIONS);
        Session session = manager.find(tokens[i]).orElseThrow();
        session.setAttribute("csrf", csrf[(i + 1) % SESSIONS]);
        return manager.save(session);
    }
}

package io.sealedsession.benchmarks.micro;

import io.sealedsession.benchmarks.support.Content;
import io.sealedsession.core.SaveResult;
import io.sealedsession.core.Session;
import io.sealedsession.core.SessionManager;
import io.sealedsession.core.memory.InMemorySessionStore;
import io.sealedsession.crypto.SessionKeyring;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * A whole request's CPU in the library, with no network: the manager over the in-memory store.
 * Read-only = find + save; writing = find + set the CSRF token + save. What remains of a Redis
 * request's cost beyond this is the client and the server.
 */
public class RequestBenchmark extends MicroBenchmark {

    private static final int SESSIONS = 1024;

    @Param({"SMALL", "TYPICAL", "LARGE"})
    public Content.Size size;

    private SessionManager manager;
    private String[] tokens;
    private String[] csrf;
    private int next;

    @Setup
    public void setUp() {
        manager = SessionManager.builder(new InMemorySessionStore(), SessionKeyring.generate().sealer())
                .eventListener(event -> { })
                .build();
        tokens = new String[SESSIONS];
        for (int i = 0; i < SESSIONS; i++) {
            Session session = manager.create();
            HotPath.attributes(size).forEach(session::setAttribute);
            manager.authenticate(session, Content.user(i));
            manager.save(session);
            tokens[i] = session.token().revealValue();
        }
        csrf = Content.csrfPool(SESSIONS, 5);
    }

    @Benchmark
    public SaveResult readOnly() {
        Session session = manager.find(tokens[next++ & (SESSIONS - 1)]).orElseThrow();
        return manager.save(session);
    }

    @Benchmark
    public SaveResult writing() {
        int i = next++ & (SESSIONS - 1);
        Session session = manager.find(tokens[i]).orElseThrow();
        session.setAttribute("csrf", csrf[i]);
        return manager.save(session);
    }
}

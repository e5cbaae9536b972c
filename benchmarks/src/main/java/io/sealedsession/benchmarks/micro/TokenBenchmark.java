package io.sealedsession.benchmarks.micro;

import io.sealedsession.core.SessionKey;
import io.sealedsession.core.SessionToken;
import java.security.SecureRandom;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;

/** Parsing a presented token and hashing it to its session key: the first thing every request does. */
public class TokenBenchmark extends MicroBenchmark {

    private String token;

    @Setup
    public void setUp() {
        token = SessionToken.generate(new SecureRandom()).revealValue();
    }

    @Benchmark
    public SessionKey parseAndHash() {
        return SessionToken.parse(token).orElseThrow().key();
    }
}

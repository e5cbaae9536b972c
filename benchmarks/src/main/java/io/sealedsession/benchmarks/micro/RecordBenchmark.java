package io.sealedsession.benchmarks.micro;

import io.sealedsession.benchmarks.support.Content;
import io.sealedsession.core.SessionKey;
import io.sealedsession.core.internal.RecordCodec;
import io.sealedsession.core.internal.SessionRecord;
import io.sealedsession.core.port.AttributeCodec;
import io.sealedsession.core.port.SessionSealer;
import io.sealedsession.crypto.SessionKeyring;
import java.util.Map;
import java.util.Optional;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The CPU a record costs on its way to and from Redis, for three session sizes: sealing and
 * opening (AES-256-GCM with the record's associated data), encoding and decoding (the record
 * format and the built-in attribute codec).
 */
public class RecordBenchmark extends MicroBenchmark {

    @Param({"SMALL", "TYPICAL", "LARGE"})
    public Content.Size size;

    private SessionSealer sealer;
    private SessionKey key;
    private SessionRecord record;
    private Map<String, Object> attributes;
    private byte[] plaintext;
    private byte[] sealed;

    @Setup
    public void setUp() {
        sealer = SessionKeyring.generate().sealer();
        key = HotPath.key();
        record = HotPath.record(size);
        attributes = HotPath.attributes(size);
        plaintext = RecordCodec.encode(record);
        sealed = sealer.seal(plaintext, HotPath.associatedData(key));
    }

    /** Sealing an encoded record, associated data included. */
    @Benchmark
    public byte[] seal() {
        return sealer.seal(plaintext, RecordCodec.associatedData("ss", key));
    }

    /** Opening a sealed record, associated data included. */
    @Benchmark
    public Optional<byte[]> open() {
        return sealer.open(sealed, RecordCodec.associatedData("ss", key));
    }

    /** Encoding the attributes and then the record, as a writing request does. */
    @Benchmark
    public byte[] encode() {
        java.util.LinkedHashMap<String, byte[]> encoded = new java.util.LinkedHashMap<>();
        attributes.forEach((name, value) -> encoded.put(name, AttributeCodec.builtIn().encode(name, value)));
        return RecordCodec.encode(new SessionRecord(record.createdAt(), record.lastAccessedAt(), record.tokenIssuedAt(),
                record.idleTimeout(), record.absoluteDeadline(), record.principal(), encoded));
    }

    /** Decoding a record, then each of its attributes, as a request that reads them all does. */
    @Benchmark
    public void decode(Blackhole hole) {
        SessionRecord decoded = RecordCodec.decode(plaintext);
        decoded.attributes().forEach((name, bytes) -> hole.consume(AttributeCodec.builtIn().decode(name, bytes)));
    }
}

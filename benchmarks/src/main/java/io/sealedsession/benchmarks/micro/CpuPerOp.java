package io.sealedsession.benchmarks.micro;

import io.sealedsession.benchmarks.support.Content;
import io.sealedsession.core.SessionKey;
import io.sealedsession.core.SessionManager;
import io.sealedsession.core.SessionToken;
import io.sealedsession.core.internal.RecordCodec;
import io.sealedsession.core.internal.SessionRecord;
import io.sealedsession.core.memory.InMemorySessionStore;
import io.sealedsession.core.port.AttributeCodec;
import io.sealedsession.core.port.SessionSealer;
import io.sealedsession.crypto.SessionKeyring;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The hot path's operations timed by the CPU time of the measuring thread, not by the wall
 * clock: on a machine that other work shares, a thread that is not running is not charged, so
 * two builds can be compared in turn with some confidence where JMH's wall-clock scores scatter.
 * Prints, per operation, the least and the median of 7 batches in nanoseconds per call.
 *
 * <p>{@code java -cp benchmarks.jar io.sealedsession.benchmarks.micro.CpuPerOp [size [operation]]}: the
 * second argument keeps only the operations whose name contains it.
 */
public final class CpuPerOp {

    private interface Op {
        Object run(int i);
    }

    private CpuPerOp() {}

    public static void main(String[] args) {
        Content.Size size = args.length > 0 ? Content.Size.valueOf(args[0]) : Content.Size.TYPICAL;
        SessionSealer sealer = SessionKeyring.generate().sealer();
        SessionKey key = HotPath.key();
        SessionRecord record = HotPath.record(size);
        Map<String, Object> attributes = HotPath.attributes(size);
        byte[] plaintext = RecordCodec.encode(record);
        byte[] sealed = sealer.seal(plaintext, HotPath.associatedData(key));
        String token = SessionToken.generate(new SecureRandom()).revealValue();

        SessionManager manager = SessionManager.builder(new InMemorySessionStore(), sealer).eventListener(event -> { }).build();
        int sessions = 1024;
        String[] tokens = new String[sessions];
        for (int i = 0; i < sessions; i++) {
            io.sealedsession.core.Session session = manager.create();
            attributes.forEach(session::setAttribute);
            manager.authenticate(session, Content.user(i));
            manager.save(session);
            tokens[i] = session.token().revealValue();
        }
        String[] csrf = Content.csrfPool(sessions, 5);

        Map<String, Op> ops = new LinkedHashMap<>();
        ops.put("token parse and hash", i -> SessionToken.parse(token).orElseThrow().key());
        ops.put("seal", i -> sealer.seal(plaintext, RecordCodec.associatedData("ss", key)));
        ops.put("open", i -> sealer.open(sealed, RecordCodec.associatedData("ss", key)));
        ops.put("encode", i -> {
            Map<String, byte[]> encoded = new LinkedHashMap<>();
            attributes.forEach((name, value) -> encoded.put(name, AttributeCodec.builtIn().encode(name, value)));
            return RecordCodec.encode(new SessionRecord(record.createdAt(), record.lastAccessedAt(), record.tokenIssuedAt(),
                    record.idleTimeout(), record.absoluteDeadline(), record.principal(), encoded));
        });
        ops.put("decode", i -> {
            SessionRecord decoded = RecordCodec.decode(plaintext);
            Object last = null;
            for (Map.Entry<String, byte[]> attribute : decoded.attributes().entrySet()) {
                last = AttributeCodec.builtIn().decode(attribute.getKey(), attribute.getValue());
            }
            return last;
        });
        ops.put("read-only request (in memory)", i -> manager.save(manager.find(tokens[i & (sessions - 1)]).orElseThrow()));
        ops.put("writing request (in memory)", i -> {
            io.sealedsession.core.Session session = manager.find(tokens[i & (sessions - 1)]).orElseThrow();
            session.setAttribute("csrf", csrf[i & (sessions - 1)]);
            return manager.save(session);
        });

        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        System.out.printf(Locale.ROOT, "size %s; thread CPU ns per call: least and median of 7 batches%n", size);
        for (Map.Entry<String, Op> op : ops.entrySet()) {
            if (args.length > 1 && !op.getKey().contains(args[1])) {
                continue;
            }
            Op body = op.getValue();
            int batch = calibrate(body, threads);
            double[] perCall = new double[7];
            for (int b = 0; b < perCall.length; b++) {
                long start = threads.getCurrentThreadCpuTime();
                consume(body, batch);
                perCall[b] = (threads.getCurrentThreadCpuTime() - start) / (double) batch;
            }
            Arrays.sort(perCall);
            System.out.printf(Locale.ROOT, "%-32s %10.0f %10.0f%n", op.getKey(), perCall[0], perCall[perCall.length / 2]);
        }
    }

    /** Warms the operation up, then picks a batch of about 300 ms of CPU. */
    private static int calibrate(Op body, ThreadMXBean threads) {
        int batch = 1000;
        long deadline = threads.getCurrentThreadCpuTime() + 2_000_000_000L;
        while (threads.getCurrentThreadCpuTime() < deadline) {
            consume(body, batch);
        }
        long start = threads.getCurrentThreadCpuTime();
        consume(body, batch);
        long took = Math.max(1, threads.getCurrentThreadCpuTime() - start);
        return (int) Math.max(1000, Math.min(50_000_000L, batch * 300_000_000L / took));
    }

    private static volatile Object sink;

    private static void consume(Op body, int count) {
        Object last = null;
        for (int i = 0; i < count; i++) {
            last = body.run(i);
        }
        sink = last;
    }
}

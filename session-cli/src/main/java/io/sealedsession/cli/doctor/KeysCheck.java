package io.sealedsession.cli.doctor;

import io.sealedsession.cli.doctor.ServerProbe.CannotCheck;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code keys}: up to {@code --max-keys} keys under the namespace, each with a TTL
 * ({@code keys-ttl}) and holding what its name says, a sealed record, a principal index, a lock,
 * a sign-in count or an expiry claim ({@code keys-sealed}); {@code keys-limit} when there were
 * more, and a single {@code keys} finding when there are none.
 */
final class KeysCheck extends AbstractCheck {

    static final String ID = "keys";

    /** Members of a principal index looked at per index. */
    private static final int INDEX_MEMBERS = 100;

    private static final String TTL_WHY = "Every key the store writes has a TTL (requirement L2): it is what ends idle"
            + " sessions in Redis and gives the memory back. A key without one stays until deleted; a session's absolute"
            + " deadline still holds (it is sealed inside the record), but idleness no longer ends it and its memory is"
            + " never freed.";
    private static final String SEALED_WHY = "Requirement D1: Redis holds AEAD ciphertext only. Anything else under the"
            + " sessions' namespace can be read from a copy of Redis (attributes, user names, tokens) or is refused by"
            + " the store; another program, an older unencrypted session store or a manual write put it there.";

    KeysCheck() {
        super(ID, SEALED_WHY);
    }

    @Override
    public List<Finding> run(Audit audit) {
        ServerProbe probe = audit.probe();
        Target target = audit.target();
        String pattern = pattern(target);
        ServerProbe.ScanResult scan = probe.scan(pattern, target.maxKeys());
        RecordShapes shapes = new RecordShapes(target.namespace());
        List<String> withoutTtl = new ArrayList<>();
        List<String> unsealed = new ArrayList<>();
        int examined = 0;
        for (byte[] rawKey : scan.keys()) {
            String key = new String(rawKey, StandardCharsets.ISO_8859_1);
            String type = probe.type(rawKey);
            long ttl = probe.pttl(rawKey);
            if (type.equals("none") || ttl == -2) {
                continue; // expired or deleted since the scan
            }
            examined++;
            if (ttl == -1) {
                withoutTtl.add(RecordShapes.printable(key));
            }
            String problem = valueProblem(probe, shapes.kind(key), type, rawKey);
            if (problem != null) {
                unsealed.add(RecordShapes.printable(key) + " (" + problem + ")");
            }
        }
        if (examined == 0) {
            return List.of(finding(Severity.INFO, "No keys under " + pattern + ": nothing to examine. Is the"
                    + " namespace right (--namespace)?", "Nothing, if no session has been stored yet."));
        }
        List<Finding> findings = new ArrayList<>();
        findings.add(withoutTtl.isEmpty()
                ? Findings.ok("keys-ttl", "All " + examined + " keys under " + pattern + " have a TTL.", TTL_WHY)
                : new Finding("keys-ttl", Severity.WARNING, withoutTtl.size() + " of " + examined + " keys under " + pattern
                        + " have no TTL: " + Findings.examples(withoutTtl) + ".", TTL_WHY, "Find what writes or PERSISTs"
                        + " them; delete them (UNLINK) or give them an expiry (PEXPIRE key ms). Never PERSIST session"
                        + " keys."));
        findings.add(unsealed.isEmpty()
                ? Findings.ok("keys-sealed", "All " + examined + " keys under " + pattern + " are sealed records or"
                        + " principal indexes of session keys.", SEALED_WHY)
                : new Finding("keys-sealed", Severity.CRITICAL, unsealed.size() + " of " + examined + " keys under "
                        + pattern + " do not hold sealed records: " + Findings.examples(unsealed) + ".", SEALED_WHY,
                        "Find the writer; move its data out of the namespace or delete it (UNLINK). Give other"
                                + " applications their own prefix and keep the sessions' user to ~" + pattern + "."));
        if (scan.truncated()) {
            findings.add(new Finding("keys-limit", Severity.INFO, "Only the first " + scan.keys().size() + " keys under "
                    + pattern + " were examined (--max-keys); there are more.", "The key checks are a sample beyond"
                    + " that: a problem in the rest goes unseen.", "Run again with a higher --max-keys to examine more."));
        }
        return findings;
    }

    @Override
    public Finding refused(Audit audit, CannotCheck reason) {
        String pattern = pattern(audit.target());
        return unknown("the keys under " + pattern, reason, "+scan +type +pttl +get +zrange on "
                + "%R~" + pattern);
    }

    private static String pattern(Target target) {
        return target.namespace() + ":*";
    }

    /** Why a key does not hold what its name says, or null when it does; sizes and shapes only, never the bytes. */
    private static @Nullable String valueProblem(ServerProbe probe, RecordShapes.KeyKind kind, String type, byte[] key) {
        switch (kind) {
            case RECORD -> {
                if (!type.equals("string")) {
                    return "a " + type + " where a sealed record belongs";
                }
                byte[] value = probe.get(key);
                return value == null ? null : RecordShapes.recordProblem(value);
            }
            case INDEX -> {
                if (!type.equals("zset")) {
                    return "a " + type + " where a principal index (sorted set) belongs";
                }
                for (byte[] member : probe.zrange(key, INDEX_MEMBERS)) {
                    if (!RecordShapes.isSessionKey(member)) {
                        return "an index member that is not a session key";
                    }
                }
                return null;
            }
            case LOCK, THROTTLE -> {
                boolean lock = kind == RecordShapes.KeyKind.LOCK;
                if (!type.equals("string")) {
                    return "a " + type + " where a " + (lock ? "session lock" : "sign-in count") + " belongs";
                }
                byte[] value = probe.get(key);
                if (value == null) {
                    return null;
                }
                boolean fits = lock ? RecordShapes.isFence(value) : RecordShapes.isThrottleCount(value);
                return fits ? null : value.length + " bytes that are not a " + (lock ? "fencing token" : "sign-in count");
            }
            case EXPIRY_CLAIM -> {
                if (!type.equals("string")) {
                    return "a " + type + " where an expiry watcher's claim belongs";
                }
                byte[] value = probe.get(key);
                return value == null || RecordShapes.isExpiryClaim(value) ? null
                        : value.length + " bytes that are not an expiry watcher's claim";
            }
            default -> {
                return "a " + type + " under a name Sealed Sessions does not use";
            }
        }
    }
}

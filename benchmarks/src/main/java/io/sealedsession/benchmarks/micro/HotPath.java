package io.sealedsession.benchmarks.micro;

import io.sealedsession.benchmarks.support.Content;
import io.sealedsession.core.SessionKey;
import io.sealedsession.core.SessionToken;
import io.sealedsession.core.internal.RecordCodec;
import io.sealedsession.core.internal.SessionRecord;
import io.sealedsession.core.port.AttributeCodec;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A session record of one of the three sizes, with the same content as the side-by-side run. */
final class HotPath {

    private HotPath() {}

    static Map<String, Object> attributes(Content.Size size) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("csrf", Content.csrf(Content.seeded(3)));
        if (size.notes() > 0) {
            attributes.put("notes", Content.notes(size.notes(), 7));
        }
        return attributes;
    }

    static SessionRecord record(Content.Size size) {
        Map<String, byte[]> encoded = new LinkedHashMap<>();
        attributes(size).forEach((name, value) -> encoded.put(name, AttributeCodec.builtIn().encode(name, value)));
        Instant now = Instant.now();
        return new SessionRecord(now, now, now, Duration.ofMinutes(30), now.plus(Duration.ofHours(8)), Content.user(1), encoded);
    }

    static SessionKey key() {
        return SessionToken.generate(new SecureRandom()).key();
    }

    static byte[] associatedData(SessionKey key) {
        return RecordCodec.associatedData("ss", key);
    }

    static List<String> notes(Content.Size size) {
        return Content.notes(size.notes(), 7);
    }
}

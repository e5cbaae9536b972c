package io.sealedsession.core.internal;

import io.sealedsession.core.RecordFormatException;
import io.sealedsession.core.SessionKey;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The compact binary form of a {@link SessionRecord}.
 *
 * <pre>
 *   'S' 'R' format(1)
 *   createdAt, lastAccessedAt, tokenIssuedAt, absoluteDeadline: epoch milliseconds, zigzag varint
 *   idleTimeout: milliseconds, varint
 *   principal: 0 | 1 string
 *   attribute count, then each: name string, value bytes
 * </pre>
 *
 * A tombstone left by a rotation ({@link Tombstone}) is:
 *
 * <pre>
 *   'S' 'T' format(1)
 *   followable: 0 | 1
 *   next session key: string
 * </pre>
 *
 * Strings and byte strings are a varint length then the bytes. The decoder refuses anything else,
 * trailing bytes included; input that starts like a Java serialization stream is refused by name.
 */
public final class RecordCodec {

    /** The format version written into records and into their associated data. */
    public static final int FORMAT = 1;

    private static final int MAGIC_0 = 'S';
    private static final int MAGIC_1 = 'R';
    private static final int TOMBSTONE_MAGIC_1 = 'T';
    private static final int MAX_NAME_LENGTH = 1024;

    private RecordCodec() {}

    public static byte[] encode(SessionRecord record) {
        BinaryWriter out = new BinaryWriter(encodedSizeEstimate(record));
        out.writeByte(MAGIC_0).writeByte(MAGIC_1).writeByte(FORMAT);
        out.writeSignedVarLong(record.createdAt().toEpochMilli());
        out.writeSignedVarLong(record.lastAccessedAt().toEpochMilli());
        out.writeSignedVarLong(record.tokenIssuedAt().toEpochMilli());
        out.writeSignedVarLong(record.absoluteDeadline().toEpochMilli());
        out.writeVarLong(record.idleTimeout().toMillis());
        String principal = record.principal();
        if (principal == null) {
            out.writeByte(0);
        } else {
            out.writeByte(1).writeString(principal);
        }
        out.writeVarLong(record.attributes().size());
        for (Map.Entry<String, byte[]> attribute : record.attributes().entrySet()) {
            out.writeString(attribute.getKey()).writeBytes(attribute.getValue());
        }
        return out.toByteArray();
    }

    /**
     * Room for the whole record in one buffer, so that encoding never grows it: the fixed fields
     * take at most 55 bytes, a string at most 3 bytes a character plus its length.
     */
    private static int encodedSizeEstimate(SessionRecord record) {
        String principal = record.principal();
        long size = 64 + (principal == null ? 0 : 3L * principal.length() + 5);
        for (Map.Entry<String, byte[]> attribute : record.attributes().entrySet()) {
            size += 3L * attribute.getKey().length() + attribute.getValue().length + 10;
        }
        return (int) Math.min(size, Integer.MAX_VALUE - 16);
    }

    public static byte[] encode(Tombstone tombstone) {
        BinaryWriter out = new BinaryWriter(64);
        out.writeByte(MAGIC_0).writeByte(TOMBSTONE_MAGIC_1).writeByte(FORMAT);
        out.writeByte(tombstone.followable() ? 1 : 0);
        out.writeString(tombstone.next().value());
        return out.toByteArray();
    }

    /** True when {@code bytes} begin like a tombstone; {@link #decodeTombstone} then reads them. */
    public static boolean isTombstone(byte[] bytes) {
        return bytes.length >= 2 && bytes[0] == MAGIC_0 && bytes[1] == TOMBSTONE_MAGIC_1;
    }

    /** @throws RecordFormatException for any input that {@link #encode(Tombstone)} did not write */
    public static Tombstone decodeTombstone(byte[] bytes) {
        BinaryReader in = new BinaryReader(bytes);
        if (in.readByte() != MAGIC_0 || in.readByte() != TOMBSTONE_MAGIC_1) {
            throw new RecordFormatException("not a tombstone (bad magic)");
        }
        int format = in.readByte();
        if (format != FORMAT) {
            throw new RecordFormatException("tombstone format " + format + " is not supported (this version reads " + FORMAT + ")");
        }
        boolean followable = switch (in.readByte()) {
            case 0 -> false;
            case 1 -> true;
            default -> throw new RecordFormatException("bad tombstone marker");
        };
        String next = in.readString();
        in.expectEnd();
        try {
            return new Tombstone(new SessionKey(next), followable);
        } catch (IllegalArgumentException e) {
            throw new RecordFormatException("a tombstone names something that is not a session key");
        }
    }

    /** @throws RecordFormatException for any input that {@link #encode} did not write */
    public static SessionRecord decode(byte[] bytes) {
        if (bytes.length >= 2 && (bytes[0] & 0xFF) == 0xAC && (bytes[1] & 0xFF) == 0xED) {
            throw new RecordFormatException("refused a Java serialization stream; records are never deserialized with ObjectInputStream");
        }
        BinaryReader in = new BinaryReader(bytes);
        if (in.readByte() != MAGIC_0 || in.readByte() != MAGIC_1) {
            throw new RecordFormatException("not a session record (bad magic)");
        }
        int format = in.readByte();
        if (format != FORMAT) {
            throw new RecordFormatException("session record format " + format + " is not supported (this version reads " + FORMAT + ")");
        }
        Instant createdAt = instant(in.readSignedVarLong());
        Instant lastAccessedAt = instant(in.readSignedVarLong());
        Instant tokenIssuedAt = instant(in.readSignedVarLong());
        Instant absoluteDeadline = instant(in.readSignedVarLong());
        long idleMillis = in.readVarLong();
        if (idleMillis <= 0) {
            throw new RecordFormatException("idle timeout out of range");
        }
        String principal = switch (in.readByte()) {
            case 0 -> null;
            case 1 -> in.readString();
            default -> throw new RecordFormatException("bad principal marker");
        };
        int count = in.readCount(2, Integer.MAX_VALUE);
        Map<String, byte[]> attributes = new LinkedHashMap<>(Math.min(count, 1024) * 2);
        for (int i = 0; i < count; i++) {
            String name = in.readString();
            if (name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
                throw new RecordFormatException("attribute name of length " + name.length() + " out of range");
            }
            if (attributes.put(name, in.readBytes()) != null) {
                throw new RecordFormatException("duplicate attribute name");
            }
        }
        in.expectEnd();
        return new SessionRecord(createdAt, lastAccessedAt, tokenIssuedAt, Duration.ofMillis(idleMillis),
                absoluteDeadline, principal, attributes);
    }

    /**
     * The associated data a record is sealed with: format version, namespace and session key, so
     * that a record moved under another key, into another namespace or across an incompatible
     * format change does not open.
     */
    public static byte[] associatedData(String namespace, SessionKey key) {
        return associatedData(associatedDataPrefix(namespace), key);
    }

    /**
     * The part of {@link #associatedData} that depends on the namespace only, to be computed
     * once per namespace and completed per key by {@link #associatedData(byte[], SessionKey)}.
     */
    public static byte[] associatedDataPrefix(String namespace) {
        BinaryWriter out = new BinaryWriter(64);
        out.writeByte(MAGIC_0).writeByte(MAGIC_1).writeByte(FORMAT);
        out.writeBytes(namespace.getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    /** The associated data of {@code key} from a namespace's {@link #associatedDataPrefix}; the same bytes as {@link #associatedData(String, SessionKey)}. */
    public static byte[] associatedData(byte[] prefix, SessionKey key) {
        String value = key.value();
        int length = value.length(); // 43, so its length prefix is one byte
        byte[] data = new byte[prefix.length + 1 + length];
        System.arraycopy(prefix, 0, data, 0, prefix.length);
        data[prefix.length] = (byte) length;
        for (int i = 0; i < length; i++) {
            data[prefix.length + 1 + i] = (byte) value.charAt(i); // base64url: ASCII
        }
        return data;
    }

    /** The longest attribute name, in characters. */
    public static int maxNameLength() {
        return MAX_NAME_LENGTH;
    }

    private static Instant instant(long epochMilli) {
        return Instant.ofEpochMilli(epochMilli); // every long is a valid instant
    }
}

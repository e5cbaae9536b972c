package io.sealedsession.redis.internal;

import io.sealedsession.core.port.StoredRecord;
import org.jspecify.annotations.Nullable;

/**
 * The value stored under a record key: an 8-byte big-endian version, then the sealed record.
 *
 * <p>The version sits in front, outside the sealed bytes, so that the compare-and-set script can
 * compare it with a plain byte comparison of the first 8 bytes, without parsing anything.
 */
public final class RecordFrame {

    /** Length of the version prefix. */
    public static final int PREFIX_LENGTH = 8;

    private RecordFrame() {}

    /** The 8 bytes that stand for {@code version} at the start of a value. */
    public static byte[] versionPrefix(long version) {
        byte[] prefix = new byte[PREFIX_LENGTH];
        writeVersion(prefix, version);
        return prefix;
    }

    /** The value to store for {@code sealed} at {@code version}. */
    public static byte[] encode(long version, byte[] sealed) {
        byte[] value = new byte[PREFIX_LENGTH + sealed.length];
        writeVersion(value, version);
        System.arraycopy(sealed, 0, value, PREFIX_LENGTH, sealed.length);
        return value;
    }

    /**
     * The record a stored value holds, or null when the value is not a frame this library wrote:
     * shorter than the prefix, or with a version below 1.
     */
    public static @Nullable StoredRecord decode(byte[] value) {
        if (value.length < PREFIX_LENGTH) {
            return null;
        }
        long version = 0;
        for (int i = 0; i < PREFIX_LENGTH; i++) {
            version = (version << 8) | (value[i] & 0xff);
        }
        if (version < 1) {
            return null;
        }
        byte[] sealed = new byte[value.length - PREFIX_LENGTH];
        System.arraycopy(value, PREFIX_LENGTH, sealed, 0, sealed.length);
        return new StoredRecord(version, sealed);
    }

    private static void writeVersion(byte[] target, long version) {
        for (int i = PREFIX_LENGTH - 1; i >= 0; i--) {
            target[i] = (byte) version;
            version >>>= 8;
        }
    }
}

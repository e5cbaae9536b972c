package io.sealedsession.redis;

import io.sealedsession.core.port.StoredRecord;
import io.sealedsession.redis.internal.RecordFrame;
import org.jspecify.annotations.Nullable;

/**
 * The layout of the value the store keeps under a record key, for tools that inspect a Redis
 * without a key to open its records: an 8-byte big-endian version of 1 or more, then the sealed
 * record exactly as the sealer produced it.
 *
 * <p>Reading a value here proves nothing about its content: only the keyring can tell a sealed
 * record from bytes that merely have its shape. Stateless and thread-safe.
 */
public final class StoredRecords {

    /** How many bytes the version takes at the start of a stored value. */
    public static final int VERSION_PREFIX_LENGTH = RecordFrame.PREFIX_LENGTH;

    private StoredRecords() {}

    /**
     * The version and sealed bytes a stored value holds, as the store reads them.
     *
     * @param value the bytes stored under a record key
     * @return the record, or null when the value is not in the store's layout: shorter than the
     *     version prefix, or with a version below 1
     */
    public static @Nullable StoredRecord read(byte[] value) {
        return RecordFrame.decode(value);
    }
}

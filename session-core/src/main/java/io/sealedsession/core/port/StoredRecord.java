package io.sealedsession.core.port;

/**
 * A record as the store holds it: its version and its sealed bytes.
 *
 * @param version the version, 1 or more
 * @param sealed the sealed record; the array is owned by whoever received this value
 */
public record StoredRecord(long version, byte[] sealed) {

    /** @throws IllegalArgumentException when {@code version} is below 1 */
    public StoredRecord {
        if (version < 1) {
            throw new IllegalArgumentException("version must be at least 1, but was " + version);
        }
    }

    @Override
    public String toString() {
        return "StoredRecord[version=" + version + ", " + sealed.length + " bytes]";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StoredRecord that
                && version == that.version
                && java.util.Arrays.equals(sealed, that.sealed);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(version) * 31 + java.util.Arrays.hashCode(sealed);
    }
}

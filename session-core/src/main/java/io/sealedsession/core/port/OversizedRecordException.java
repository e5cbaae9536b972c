package io.sealedsession.core.port;

/**
 * A store declined to hand over a stored record because it is larger than the limit set with
 * {@link SessionStore#withValueLimit(int)}. Nothing was changed: the record stays as it was, its
 * time to live untouched. The session manager treats such a record as tampered with (no session
 * of this library grows past its policy's limit) and reports it as an audit event.
 */
public final class OversizedRecordException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final long size;

    /**
     * @param size how many bytes the store holds under the key, as the store counts them
     * @param limit the limit it was given
     */
    public OversizedRecordException(long size, long limit) {
        super("stored value of " + size + " bytes exceeds the size limit of " + limit + " bytes; not transferred");
        this.size = size;
    }

    /** How many bytes the store holds under the key. */
    public long size() {
        return size;
    }
}

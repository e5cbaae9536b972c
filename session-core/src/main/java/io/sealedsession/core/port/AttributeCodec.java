package io.sealedsession.core.port;

import io.sealedsession.core.AttributeNotEncodableException;
import io.sealedsession.core.RecordFormatException;
import io.sealedsession.core.internal.BuiltInAttributeCodec;
import org.jspecify.annotations.Nullable;

/**
 * Turns attribute values into bytes and back. The bytes are sealed with the rest of the record,
 * so a codec needs no secrecy of its own; it must, however, never run code chosen by whoever wrote
 * the bytes (no Java deserialization without an allow-list).
 *
 * <p>The built-in codec ({@link #builtIn()}) handles null, {@code Boolean}, {@code Integer},
 * {@code Long}, {@code Double}, {@code String}, {@code byte[]}, {@code Instant}, and {@code List}
 * and {@code Map} of these. An application with types of its own writes a codec that handles them
 * and hands everything else to the built-in one.
 *
 * <p>Implementations are thread-safe.
 */
public interface AttributeCodec {

    /**
     * @throws AttributeNotEncodableException when the value's type is not supported; the message
     *     names the attribute and the type
     */
    byte[] encode(String name, @Nullable Object value);

    /**
     * Decodes what {@link #encode} wrote. Values come back immutable: lists and maps cannot be
     * changed in place, so a change has to be set again to be saved.
     *
     * @throws RecordFormatException for any input that is not a value this codec wrote; never
     *     another exception
     */
    @Nullable Object decode(String name, byte[] bytes);

    /** The built-in codec: compact, tagged, versioned, with no class loading. */
    static AttributeCodec builtIn() {
        return BuiltInAttributeCodec.INSTANCE;
    }
}

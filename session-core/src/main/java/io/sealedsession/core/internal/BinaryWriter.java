package io.sealedsession.core.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable byte buffer with the few primitives the record format uses. Not thread-safe. */
public final class BinaryWriter {

    private byte[] buffer;
    private int size;

    public BinaryWriter(int initialCapacity) {
        this.buffer = new byte[Math.max(16, initialCapacity)];
    }

    public BinaryWriter writeByte(int b) {
        ensure(1);
        buffer[size++] = (byte) b;
        return this;
    }

    /** Unsigned LEB128; negative values take ten bytes. */
    public BinaryWriter writeVarLong(long value) {
        ensure(10);
        long v = value;
        while ((v & ~0x7FL) != 0) {
            buffer[size++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buffer[size++] = (byte) v;
        return this;
    }

    /** ZigZag then LEB128, so small negative numbers stay short. */
    public BinaryWriter writeSignedVarLong(long value) {
        return writeVarLong((value << 1) ^ (value >> 63));
    }

    public BinaryWriter writeFixedLong(long value) {
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            buffer[size++] = (byte) (value >>> shift);
        }
        return this;
    }

    public BinaryWriter writeBytes(byte[] bytes) {
        writeVarLong(bytes.length);
        return writeRaw(bytes);
    }

    public BinaryWriter writeRaw(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buffer, size, bytes.length);
        size += bytes.length;
        return this;
    }

    /**
     * Writes the UTF-8 form of {@code value}.
     *
     * @throws IllegalArgumentException when {@code value} holds an unpaired surrogate, which UTF-8
     *     cannot represent ({@link String#getBytes} would silently write {@code '?'} instead)
     */
    public BinaryWriter writeString(String value) {
        int length = value.length();
        int utf8Length = utf8Length(value);
        writeVarLong(utf8Length);
        ensure(utf8Length);
        if (utf8Length == length) {
            // ASCII, the common case: one byte per char, written in place.
            for (int i = 0; i < length; i++) {
                buffer[size++] = (byte) value.charAt(i);
            }
            return this;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8); // well-formed, so exactly utf8Length bytes
        System.arraycopy(bytes, 0, buffer, size, bytes.length);
        size += bytes.length;
        return this;
    }

    /** The length of the UTF-8 form of {@code value}, in one pass that also refuses an unpaired surrogate. */
    private static int utf8Length(String value) {
        int length = value.length();
        int bytes = 0;
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(value.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException("string has an unpaired surrogate at index " + i);
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /** The index of the first char that is half of a surrogate pair without its other half, or -1. */
    public static int unpairedSurrogateIndex(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    public int size() {
        return size;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buffer, size);
    }

    private void ensure(int extra) {
        if (size + extra > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + extra));
        }
    }
}

package io.sealedsession.core.internal;

import io.sealedsession.core.RecordFormatException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads what {@link BinaryWriter} wrote, distrusting every byte: a declared length is checked
 * against what is left before anything is allocated, and every failure is a
 * {@link RecordFormatException}. Not thread-safe.
 */
public final class BinaryReader {

    private final byte[] input;
    private int position;

    public BinaryReader(byte[] input) {
        this.input = input;
    }

    public int remaining() {
        return input.length - position;
    }

    public int readByte() {
        if (position >= input.length) {
            throw new RecordFormatException("record ends early at byte " + position);
        }
        return input[position++] & 0xFF;
    }

    public long readVarLong() {
        long result = 0;
        for (int i = 0; i < 10; i++) {
            int b = readByte();
            if (i == 9 && (b & 0xFE) != 0) {
                throw new RecordFormatException("variable-length number overflows 64 bits at byte " + position);
            }
            result |= (long) (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                if (b == 0 && i > 0) {
                    throw new RecordFormatException("variable-length number has a redundant byte at " + position);
                }
                return result;
            }
        }
        throw new RecordFormatException("variable-length number longer than 10 bytes at byte " + position);
    }

    public long readSignedVarLong() {
        long raw = readVarLong();
        return (raw >>> 1) ^ -(raw & 1);
    }

    public long readFixedLong() {
        if (remaining() < 8) {
            throw new RecordFormatException("record ends early at byte " + position);
        }
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) | (input[position++] & 0xFF);
        }
        return value;
    }

    /**
     * Reads a count of items, each of which takes at least {@code minBytesPerItem} bytes, so that
     * the count can be checked against what is left before any collection is sized by it.
     */
    public int readCount(int minBytesPerItem, int max) {
        long count = readVarLong();
        if (count < 0 || count > max || count * minBytesPerItem > remaining()) {
            throw new RecordFormatException("count " + Long.toUnsignedString(count) + " at byte " + position
                    + " does not fit the " + remaining() + " bytes left (at most " + max + ")");
        }
        return (int) count;
    }

    public byte[] readBytes() {
        int length = readCount(1, Integer.MAX_VALUE);
        return readRaw(length);
    }

    public byte[] readRaw(int length) {
        if (length < 0 || length > remaining()) {
            throw new RecordFormatException("length " + length + " at byte " + position + " exceeds the " + remaining() + " bytes left");
        }
        byte[] out = Arrays.copyOfRange(input, position, position + length);
        position += length;
        return out;
    }

    /**
     * Reads a length-prefixed UTF-8 string, refusing malformed UTF-8. Decodes straight from the
     * input: plain ASCII, the common case, takes one check and one copy.
     */
    public String readString() {
        int length = readCount(1, Integer.MAX_VALUE);
        int start = position;
        position += length;
        if (isAscii(input, start, length)) {
            // ASCII is a subset of Latin-1, and decoding Latin-1 is a plain copy.
            return new String(input, start, length, StandardCharsets.ISO_8859_1);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(input, start, length))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new RecordFormatException("string before byte " + position + " is not valid UTF-8", e);
        }
    }

    private static boolean isAscii(byte[] bytes, int from, int length) {
        for (int i = from, end = from + length; i < end; i++) {
            if (bytes[i] < 0) {
                return false;
            }
        }
        return true;
    }

    public void expectEnd() {
        if (position != input.length) {
            throw new RecordFormatException((input.length - position) + " unexpected bytes after the end of the record");
        }
    }
}

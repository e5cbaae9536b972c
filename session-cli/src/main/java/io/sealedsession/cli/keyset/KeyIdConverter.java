package io.sealedsession.cli.keyset;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a key id as {@code keyset show} prints it: an unsigned 32-bit number. Tink keeps ids in
 * an {@code int}, so ids above 2^31 - 1 are negative in Java and would be refused by
 * {@link Integer#parseInt}.
 */
final class KeyIdConverter implements ITypeConverter<Integer> {

    @Override
    public Integer convert(String value) {
        try {
            return Integer.parseUnsignedInt(value.trim());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("a key id is an unsigned 32-bit number as 'keyset show' prints it,"
                    + " but was '" + value + "'");
        }
    }
}

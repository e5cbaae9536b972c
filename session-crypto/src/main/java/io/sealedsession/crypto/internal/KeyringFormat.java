package io.sealedsession.crypto.internal;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import io.sealedsession.crypto.KeysetException;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;

/**
 * The keyring file: one JSON object holding both Tink keysets and saying how they are protected.
 *
 * <pre>{@code
 * {
 *   "format": "sealedsession-keyring/1",
 *   "protection": "key-encryption-key" | "insecure-cleartext",
 *   "aead": <Tink JSON keyset, encrypted or not>,
 *   "prf":  <Tink JSON keyset, encrypted or not>
 * }
 * }</pre>
 *
 * <p>The protection is written down rather than guessed from the content so that a cleartext
 * keyring can never be loaded by the method meant for encrypted ones, and the other way round.
 */
public final class KeyringFormat {

    public static final String FORMAT = "sealedsession-keyring/1";

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    /** How the two keysets in a keyring file are protected. */
    public enum Protection {
        KEY_ENCRYPTION_KEY("key-encryption-key"),
        INSECURE_CLEARTEXT("insecure-cleartext");

        private final String name;

        Protection(String name) {
            this.name = name;
        }

        public String jsonName() {
            return name;
        }
    }

    /** Which of the two keysets; each is encrypted under its own associated data. */
    public enum Part {
        AEAD("aead"),
        PRF("prf");

        private final String name;

        Part(String name) {
            this.name = name;
        }

        public String jsonName() {
            return name;
        }

        /**
         * Binds an encrypted keyset to its place in the file and the format version, so that the
         * two encrypted parts cannot be swapped, nor a part lifted into another format.
         */
        public byte[] associatedData() {
            return (FORMAT + ":" + name).getBytes(StandardCharsets.UTF_8);
        }
    }

    /** The two keysets as Tink JSON, in the form the file holds them. */
    public static final class Parts {

        private final Protection protection;
        private final String aead;
        private final String prf;

        Parts(Protection protection, String aead, String prf) {
            this.protection = protection;
            this.aead = aead;
            this.prf = prf;
        }

        public Protection protection() {
            return protection;
        }

        public String get(Part part) {
            return part == Part.AEAD ? aead : prf;
        }

        @Override
        public String toString() {
            return "KeyringFormat.Parts[" + protection.jsonName() + "]"; // the parts may be cleartext keys
        }
    }

    private KeyringFormat() {}

    public static String write(Protection protection, String aeadKeysetJson, String prfKeysetJson) {
        JsonObject root = new JsonObject();
        root.addProperty("format", FORMAT);
        root.addProperty("protection", protection.jsonName());
        root.add(Part.AEAD.jsonName(), parse(aeadKeysetJson, "the AEAD keyset"));
        root.add(Part.PRF.jsonName(), parse(prfKeysetJson, "the PRF keyset"));
        return GSON.toJson(root) + "\n";
    }

    /**
     * Reads a keyring file's text.
     *
     * @param source where the text came from, for messages (a file name, a variable's name)
     * @throws KeysetException when the text is not a keyring of this format
     */
    public static Parts read(String json, String source) {
        if (json.isBlank()) {
            throw new KeysetException(source + " is empty; it should hold a Sealed Sessions keyring");
        }
        JsonElement parsed = parse(json, source);
        if (!parsed.isJsonObject()) {
            throw new KeysetException(source + " is not a Sealed Sessions keyring: it is not a JSON object");
        }
        JsonObject root = parsed.getAsJsonObject();
        String format = string(root, "format", source);
        if (!FORMAT.equals(format)) {
            throw new KeysetException(source + " has keyring format '" + shorten(format) + "'; this version reads " + FORMAT);
        }
        Protection protection = protection(string(root, "protection", source), source);
        return new Parts(protection, object(root, Part.AEAD, source), object(root, Part.PRF, source));
    }

    private static Protection protection(String name, String source) {
        for (Protection candidate : Protection.values()) {
            if (candidate.jsonName().equals(name)) {
                return candidate;
            }
        }
        throw new KeysetException(source + " has an unknown protection '" + shorten(name)
                + "'; expected key-encryption-key or insecure-cleartext");
    }

    private static String string(JsonObject root, String member, String source) {
        JsonElement value = root.get(member);
        if (value == null || !value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
            throw new KeysetException(source + " is not a Sealed Sessions keyring: it has no string '" + member + "'");
        }
        return value.getAsString();
    }

    private static String object(JsonObject root, Part part, String source) {
        JsonElement value = root.get(part.jsonName());
        if (value == null || !value.isJsonObject()) {
            throw new KeysetException(source + " is not a Sealed Sessions keyring: it has no '" + part.jsonName() + "' keyset object");
        }
        return value.toString();
    }

    private static JsonElement parse(String json, String source) {
        try (JsonReader reader = new JsonReader(new StringReader(json))) {
            reader.setStrictness(Strictness.STRICT);
            JsonElement element = JsonParser.parseReader(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new KeysetException(source + " is not valid JSON: there is text after the end of the object");
            }
            return element;
        } catch (JsonParseException | IOException | IllegalStateException e) {
            // Gson's messages give a position, never the content, so the cause is safe to keep.
            throw new KeysetException(source + " is not valid JSON", e);
        }
    }

    private static String shorten(String value) {
        String printable = value.replaceAll("[^\\x20-\\x7e]", "?");
        return printable.length() <= 40 ? printable : printable.substring(0, 40) + "…";
    }
}

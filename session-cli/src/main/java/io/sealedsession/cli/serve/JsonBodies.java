package io.sealedsession.cli.serve;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.Strictness;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads request bodies as strict JSON objects, with a size limit. Everything a client can get
 * wrong ends in an {@link ApiException}: 413 for a body over the limit, 400 for anything that is
 * not one well-formed JSON object in UTF-8, or a field that is missing, not a string, or holds an
 * unpaired surrogate (half a character, which a JSON escape can spell).
 */
final class JsonBodies {

    /** The largest request body accepted. The largest valid one (a note) is far smaller. */
    static final int MAX_BODY_BYTES = 16 * 1024;

    private static final TypeAdapter<JsonElement> ELEMENTS = new Gson().getAdapter(JsonElement.class);

    private JsonBodies() {}

    /** The request body as a JSON object. */
    static JsonObject object(HttpServletRequest request) throws IOException {
        long declared = request.getContentLengthLong();
        if (declared > MAX_BODY_BYTES) {
            throw tooLarge();
        }
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes(MAX_BODY_BYTES + 1);
        }
        if (body.length > MAX_BODY_BYTES) {
            throw tooLarge();
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new ApiException(400, "the body is not UTF-8 text");
        }
        JsonElement element;
        try (JsonReader reader = new JsonReader(new StringReader(text))) {
            // Strict: no comments, unquoted names, single quotes or trailing data, which a lenient
            // parser would accept and a client's own serializer would never produce.
            reader.setStrictness(Strictness.STRICT);
            element = ELEMENTS.read(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new ApiException(400, "the body holds more than one JSON value");
            }
        } catch (JsonParseException | IOException | IllegalStateException e) {
            throw new ApiException(400, "the body is not valid JSON");
        }
        if (element == null || !element.isJsonObject()) {
            throw new ApiException(400, "the body must be a JSON object");
        }
        return element.getAsJsonObject();
    }

    /** A field that must be present and a JSON string. */
    static String string(JsonObject object, String field) {
        JsonElement value = object.get(field);
        if (value == null || value.isJsonNull()) {
            throw new ApiException(400, "the field \"" + field + "\" is missing");
        }
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
            throw new ApiException(400, "the field \"" + field + "\" must be a string");
        }
        String text = value.getAsString();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                // JSON's \\u escapes can spell half a character, which no UTF-8 text (and no session) can hold.
                throw new ApiException(400, "the field \"" + field + "\" must be well-formed Unicode, but has an unpaired"
                        + " surrogate (\\u" + String.format("%04x", (int) c) + ") at index " + i);
            }
        }
        return text;
    }

    private static ApiException tooLarge() {
        return new ApiException(413, "the body is larger than " + MAX_BODY_BYTES + " bytes");
    }
}

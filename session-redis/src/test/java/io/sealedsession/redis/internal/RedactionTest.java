package io.sealedsession.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RedactionTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "redis://localhost:6379|redis://localhost:6379",
            "redis://:s3cret@localhost:6379/0|redis://***@localhost:6379/0",
            "rediss://app:s3cret@redis.example:6380/2|rediss://***@redis.example:6380/2",
            "rediss://app:p@ss/w?rd#x@redis.example|rediss://***@redis.example",
            "redis://localhost?password=s3cret&timeout=2s|redis://localhost?…",
            "redis://app:s3cret@h?timeout=1s|redis://***@h?…",
            "s3cret|<a Redis URI of 6 characters>",
            "redis-cluster://app:s3cret@10.0.0.1:7000,10.0.0.2:7001|redis-cluster://***@10.0.0.1:7000,10.0.0.2:7001",
            "rediss-cluster://:p@s3cret#?@h1:7000,h2:7000|rediss-cluster://***@h1:7000,h2:7000",
            "redis-sentinel://app:s3cret@s1:26379,s2:26379#mymaster|redis-sentinel://***@s1:26379,s2:26379#mymaster",
            "rediss-sentinel://app:s3cret#x@s1:26379/2#orders|rediss-sentinel://***@s1:26379/2#orders",
            "redis-sentinel://s1:26379?password=s3cret#m|redis-sentinel://s1:26379?…"})
    void uriWhenCredentialsThenHidden(String uri, String expected) {
        assertThat(Redaction.uri(uri)).isEqualTo(expected).doesNotContain("s3cret");
    }

    @Test
    void serverErrorWhenArgumentsEchoedThenWithheld() {
        String error = "ERR unknown command 'GETEX', with args beginning with: 'ss:s:{abcdef}' '1800000' ";
        assertThat(Redaction.serverError(error)).isEqualTo("ERR unknown command 'GETEX' (arguments withheld)");
        assertThat(Redaction.serverErrorIsClean(error)).isFalse();
    }

    @Test
    void serverErrorWhenPlainThenUnchanged() {
        String error = "NOPERM User app has no permissions to run the 'getex' command";
        assertThat(Redaction.serverError(error)).isEqualTo(error);
        assertThat(Redaction.serverErrorIsClean(error)).isTrue();
    }

    @Test
    void serverErrorWhenLongOrControlCharactersThenShortAndPrintable() {
        String cleaned = Redaction.serverError("ERR x\r\ny" + "z".repeat(500));
        assertThat(cleaned).hasSizeLessThanOrEqualTo(201).doesNotContain("\r", "\n").endsWith("…");
    }
}

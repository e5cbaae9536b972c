package io.sealedsession.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UserDirectoryTest {

    @Test
    void verifyWhenPasswordMatchesThenTrueElseFalse() {
        Map<String, char[]> passwords = new LinkedHashMap<>();
        char[] given = "s3cret".toCharArray();
        passwords.put("alice", given);
        passwords.put("bob", "".toCharArray());
        UserDirectory users = UserDirectory.hashing(passwords);

        assertThat(users.verify("alice", "s3cret".toCharArray())).isTrue();
        assertThat(users.verify("alice", "s3cret ".toCharArray())).isFalse();
        assertThat(users.verify("Alice", "s3cret".toCharArray())).isFalse();
        assertThat(users.verify("mallory", "s3cret".toCharArray())).isFalse();
        assertThat(users.verify("mallory", new char[0])).isFalse();
        assertThat(users.names()).containsExactly("alice", "bob");
        assertThat(given).as("the caller's password array is cleared").containsOnly('\0');
    }

    @Test
    void toStringWhenPrintedThenNamesOnly() {
        UserDirectory users = UserDirectory.hashing(new LinkedHashMap<>(Map.of("alice", "s3cret".toCharArray())));

        assertThat(users.toString()).contains("alice").doesNotContain("s3cret");
    }
}

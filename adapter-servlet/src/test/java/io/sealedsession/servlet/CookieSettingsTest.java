package io.sealedsession.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealedsession.core.SessionToken;
import java.security.SecureRandom;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CookieSettingsTest {

    private static final SessionToken TOKEN = SessionToken.generate(new SecureRandom());

    @Test
    @DisplayName("C1: the defaults give __Host-SID with Secure, HttpOnly, SameSite=Lax, Path=/ and no Domain or Max-Age")
    void defaultsWhenBuiltThenHardened() {
        CookieSettings defaults = CookieSettings.ofDefaults();

        assertThat(defaults.setCookieValue(TOKEN))
                .isEqualTo("__Host-SID=" + TOKEN.revealValue() + "; Path=/; Secure; HttpOnly; SameSite=Lax");
        assertThat(defaults.expiringSetCookieValue()).isEqualTo("__Host-SID=; Path=/; Max-Age=0; Secure; HttpOnly; SameSite=Lax");
        assertThat(defaults.secure()).isTrue();
        assertThat(defaults.domain()).isEmpty();
        assertThat(defaults.maxAge()).isEmpty();
    }

    @Test
    void toStringWhenPrintedThenHidesNothingSecretBecauseItHasNoToken() {
        assertThat(CookieSettings.ofDefaults().toString()).isEqualTo("CookieSettings[__Host-SID=…; Path=/; Secure; HttpOnly; SameSite=Lax]");
    }

    @Test
    void everyAttributeWhenConfiguredThenAppearsInOrder() {
        CookieSettings settings = CookieSettings.custom()
                .name("app_session")
                .path("/shop")
                .domain("example.com")
                .maxAge(Duration.ofHours(2))
                .httpOnly(false)
                .sameSite(CookieSettings.SameSite.STRICT)
                .build();

        assertThat(settings.setCookieValue(TOKEN)).isEqualTo("app_session=" + TOKEN.revealValue()
                + "; Path=/shop; Domain=example.com; Max-Age=7200; Secure; SameSite=Strict");
        assertThat(settings.expiringSetCookieValue())
                .isEqualTo("app_session=; Path=/shop; Domain=example.com; Max-Age=0; Secure; SameSite=Strict");
    }

    @Test
    void insecurePlainHttpCookiesWhenChosenThenNoSecureAttribute() {
        CookieSettings settings = CookieSettings.custom().name("SID").insecurePlainHttpCookies().build();

        assertThat(settings.secure()).isFalse();
        assertThat(settings.setCookieValue(TOKEN)).isEqualTo("SID=" + TOKEN.revealValue() + "; Path=/; HttpOnly; SameSite=Lax");
    }

    @Test
    void hostPrefixWhenInsecureThenRefused() {
        assertThatThrownBy(() -> CookieSettings.custom().insecurePlainHttpCookies().build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("__Host-").hasMessageContaining("must be Secure").hasMessageContaining("'__Host-SID'");
    }

    @Test
    void hostPrefixWhenPathIsNotRootThenRefused() {
        assertThatThrownBy(() -> CookieSettings.custom().path("/app").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a cookie named with the __Host- prefix must have Path=/, but the path was '/app'");
    }

    @Test
    void hostPrefixWhenDomainIsSetThenRefused() {
        assertThatThrownBy(() -> CookieSettings.custom().domain("example.com").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a cookie named with the __Host- prefix must not have a Domain, but the domain was 'example.com'");
    }

    @Test
    void hostPrefixWhenSpelledInAnotherCaseThenStillEnforced() {
        assertThatThrownBy(() -> CookieSettings.custom().name("__HOST-sid").path("/x").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Path=/");
    }

    @Test
    void securePrefixWhenInsecureThenRefused() {
        assertThatThrownBy(() -> CookieSettings.custom().name("__Secure-SID").insecurePlainHttpCookies().build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("__Secure-");
    }

    @Test
    void sameSiteNoneWhenInsecureThenRefused() {
        assertThatThrownBy(() -> CookieSettings.custom().name("SID").insecurePlainHttpCookies()
                .sameSite(CookieSettings.SameSite.NONE).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SameSite=None requires Secure");
    }

    @Test
    void sameSiteNoneWhenSecureThenAccepted() {
        assertThat(CookieSettings.custom().sameSite(CookieSettings.SameSite.NONE).build().setCookieValue(TOKEN))
                .endsWith("; Secure; HttpOnly; SameSite=None");
    }

    @Test
    void nameWhenNotAnHttpTokenThenRefusedWithTheValue() {
        assertThatThrownBy(() -> CookieSettings.custom().name("my cookie"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith("but was 'my cookie'");
        assertThatThrownBy(() -> CookieSettings.custom().name("a;b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CookieSettings.custom().name("a\r\nSet-Cookie: x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\\u000d\\u000a");
        assertThatThrownBy(() -> CookieSettings.custom().name("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void pathAndDomainWhenTheyCouldInjectAttributesThenRefused() {
        assertThatThrownBy(() -> CookieSettings.custom().path("/; Domain=evil.example"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("but was '/; Domain=evil.example'");
        assertThatThrownBy(() -> CookieSettings.custom().path("relative")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CookieSettings.custom().domain("example.com; Secure")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CookieSettings.custom().domain(".example.com")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void maxAgeWhenShorterThanASecondThenRefused() {
        assertThatThrownBy(() -> CookieSettings.custom().maxAge(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageEndingWith("but was PT0S");
    }

    @Test
    @DisplayName("C1: even the longest name, path, domain and Max-Age keep the header within 4096 bytes")
    void headerWhenEveryFieldIsAtItsLimitThenStillWithin4096Bytes() {
        CookieSettings longest = CookieSettings.custom()
                .name("n".repeat(256))
                .path("/" + "p".repeat(1023))
                .domain(("d".repeat(62) + ".").repeat(4) + "c")
                .maxAge(Duration.ofSeconds(Long.MAX_VALUE))
                .build();

        String header = "Set-Cookie: " + longest.setCookieValue(TOKEN);

        assertThat(longest.domain()).hasValueSatisfying(domain -> assertThat(domain).hasSize(253));
        assertThat(header.getBytes(java.nio.charset.StandardCharsets.US_ASCII)).hasSizeLessThan(4096);
        assertThatThrownBy(() -> CookieSettings.custom().name("n".repeat(257))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CookieSettings.custom().path("/" + "p".repeat(1024))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CookieSettings.custom().domain("d".repeat(254))).isInstanceOf(IllegalArgumentException.class);
    }
}

package io.sealedsession.cli.serve;

import static io.sealedsession.cli.serve.RunningApp.ALICE_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page of {@code serve} in two real, separate headless Chromium browsers (Debian's
 * {@code chromium} and {@code chromedriver}), driven through WebDriver.
 *
 * <p>Nothing is downloaded: the driver and the browser are given by path, which makes Selenium skip
 * Selenium Manager, and Chromium runs with background networking, component updates and sync
 * off. Without the two packages the test fails and says how to install them.
 *
 * <p>It also settles how the cookie behaves over plain HTTP: the app sends
 * {@code __Host-SID=...; Secure; HttpOnly; SameSite=Lax} from {@code http://127.0.0.1}, and the
 * test checks that Chromium keeps it, as it does for loopback origins, which it treats as secure
 * contexts.
 */
class BrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration WAIT = Duration.ofSeconds(15);

    @Test
    @DisplayName("sign in and add a note in A, sign in as the same user in B, end A's session from B: A is signed out on reload")
    void endAnotherBrowsersSession(@TempDir Path profiles) throws Exception {
        requireChromium();
        try (RunningApp app = RunningApp.withUsers()) {
            String page = app.uri().toString();
            WebDriver a = null;
            WebDriver b = null;
            try {
                a = chromium(profiles.resolve("browser-a"));
                a.get(page);
                signIn(a, "alice", ALICE_PASSWORD);
                a.findElement(By.id("note-text")).sendKeys("written in browser A");
                a.findElement(By.id("add-note")).click();
                await(a).until(ExpectedConditions.textToBePresentInElementLocated(By.id("notes"), "written in browser A"));
                assertThat(texts(a, "#notes li")).containsExactly("written in browser A");
                assertThat(a.findElements(By.cssSelector("tr.session"))).hasSize(1);

                Cookie cookie = a.manage().getCookieNamed("__Host-SID");
                assertThat(cookie).as("Chromium kept the __Host- cookie sent over http://127.0.0.1").isNotNull();
                assertThat(cookie.isSecure()).isTrue();
                assertThat(cookie.isHttpOnly()).isTrue();
                assertThat(cookie.getSameSite()).isEqualTo("Lax");
                assertThat(cookie.getPath()).isEqualTo("/");
                assertThat((String) ((ChromeDriver) a).executeScript("return document.cookie")).as("HttpOnly: scripts see nothing")
                        .doesNotContain("__Host-SID");

                b = chromium(profiles.resolve("browser-b"));
                b.get(page);
                signIn(b, "alice", ALICE_PASSWORD);
                await(b).until(driver -> "2".equals(driver.findElement(By.tagName("body")).getAttribute("data-sessions")));
                assertThat(texts(b, "#notes li")).as("notes belong to A's session, not to the user").isEmpty();
                WebElement other = b.findElement(By.cssSelector("tr.session:not(.current)"));
                other.findElement(By.cssSelector("button.end-session")).click();
                await(b).until(driver -> "1".equals(driver.findElement(By.tagName("body")).getAttribute("data-sessions")));
                assertThat(b.findElements(By.cssSelector("tr.session.current"))).hasSize(1);

                a.navigate().refresh();
                await(a).until(driver -> "signed-out".equals(driver.findElement(By.tagName("body")).getAttribute("data-state")));
                assertThat(a.findElement(By.id("login-form")).isDisplayed()).isTrue();
                assertThat(a.findElement(By.id("signed-in")).isDisplayed()).isFalse();
                assertThat(texts(a, "#notes li")).isEmpty();
                assertThat(b.findElement(By.id("current-user")).getText()).isEqualTo("alice");
            } finally {
                quit(a);
                quit(b);
            }
        }
    }

    private static void signIn(WebDriver driver, String user, String password) {
        await(driver).until(ExpectedConditions.visibilityOfElementLocated(By.id("login-form")));
        driver.findElement(By.id("user")).sendKeys(user);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.id("login-button")).click();
        await(driver).until(ExpectedConditions.textToBe(By.id("current-user"), user));
        await(driver).until(d -> d.findElement(By.tagName("body")).getAttribute("data-sessions") != null);
    }

    private static List<String> texts(WebDriver driver, String css) {
        return driver.findElements(By.cssSelector(css)).stream().map(WebElement::getText).toList();
    }

    private static WebDriverWait await(WebDriver driver) {
        return new WebDriverWait(driver, WAIT);
    }

    /** A separate browser: its own chromedriver, its own Chromium process and its own fresh profile. */
    private static WebDriver chromium(Path profile) throws Exception {
        Files.createDirectories(profile);
        // Both ways of naming the driver, so that no code path of Selenium reaches Selenium Manager,
        // which would try to download a driver and a browser.
        System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, CHROMEDRIVER.toString());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--user-data-dir=" + profile.toAbsolutePath());
        return new ChromeDriver(service, options);
    }

    private static void requireChromium() {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            fail("BrowserTest drives Debian's Chromium and needs " + CHROMIUM + " and " + CHROMEDRIVER
                    + "; install them with: apt-get install -y chromium chromium-driver");
        }
    }

    private static void quit(@Nullable WebDriver driver) {
        if (driver != null) {
            driver.quit();
        }
    }
}

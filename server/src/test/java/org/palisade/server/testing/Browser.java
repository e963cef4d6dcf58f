package org.palisade.server.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Level;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium for the UI tests: Debian's {@code /usr/bin/chromium} driven through its
 * {@code /usr/bin/chromedriver} by Selenium. Both paths are given explicitly, so Selenium Manager
 * never tries to download a browser or a driver. A missing browser or driver fails the test with
 * a message saying what to install; it never skips.
 *
 * <p>Each instance has a fresh profile in a temporary folder (no saved passwords, cookies or cache
 * from an earlier run), a 1280x800 page area (viewport), and keeps the browser console so tests can check that
 * a page logged no error (a script error, or a Content-Security-Policy violation).
 *
 * <p>Finding things: the pages give elements stable ids (see the README of the web folder in
 * {@code admin-ui/src/main/resources/web/}); {@link #click}, {@link #fill} and friends take an id,
 * {@link #waitFor} a CSS selector.
 */
public final class Browser implements AutoCloseable {

    public static final Path CHROMIUM = Path.of(System.getProperty("palisade.chromium", "/usr/bin/chromium"));
    public static final Path CHROMEDRIVER = Path.of(System.getProperty("palisade.chromedriver", "/usr/bin/chromedriver"));
    /** Where {@link #screenshot} writes: server/target/screenshots when run by Maven. */
    public static final Path SCREENSHOTS = Path.of("target", "screenshots");
    public static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final Path profile;
    private final ChromeDriverService service;
    private final ChromeDriver driver;
    private int failures;

    public Browser() {
        requireExecutable(CHROMIUM, "chromium", "chromium");
        requireExecutable(CHROMEDRIVER, "chromedriver", "chromium-driver");
        try {
            profile = Files.createTempDirectory("palisade-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,800", "--user-data-dir=" + profile);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withSilent(true)
                .build();
        try {
            driver = new ChromeDriver(service, options);
        } catch (WebDriverException e) {
            service.stop();
            deleteProfile();
            throw new AssertionError("could not start " + CHROMIUM + " through " + CHROMEDRIVER + ": " + e.getMessage(), e);
        }
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        viewport(1280, 800);
    }

    /**
     * Makes the page area (not the window, which includes the browser's own bars even when
     * headless) {@code width} x {@code height}, so pages and screenshots are what a 1280x800
     * screen shows.
     */
    private void viewport(int width, int height) {
        org.openqa.selenium.Dimension window = driver.manage().window().getSize();
        long innerWidth = (Long) driver.executeScript("return window.innerWidth");
        long innerHeight = (Long) driver.executeScript("return window.innerHeight");
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(
                (int) (window.getWidth() + width - innerWidth), (int) (window.getHeight() + height - innerHeight)));
    }

    private static void requireExecutable(Path path, String what, String debianPackage) {
        if (!Files.isExecutable(path)) {
            throw new AssertionError(what + " is missing: no executable " + path + ". The browser tests need Debian's "
                    + "chromium and chromium-driver packages (apt-get install chromium chromium-driver; .ci/run installs them).");
        }
    }

    /** The driver itself, for what the helpers do not cover. */
    public ChromeDriver driver() {
        return driver;
    }

    public void open(String url) {
        driver.get(url);
    }

    public String url() {
        return driver.getCurrentUrl();
    }

    /**
     * Logs in through the login form and waits until the app shows the user as signed in.
     * Fails with the form's message when the server refuses.
     */
    public void login(String user, String password) {
        waitFor("#login-username");
        fill("login-username", user);
        fill("login-password", password);
        click("login-submit");
        try {
            new WebDriverWait(driver, TIMEOUT).until(d -> {
                if (isShown("#login-error")) {
                    throw new AssertionError("login as " + user + " refused: " + text("login-error"));
                }
                return isShown("#app-view") && user.equals(driver.findElement(By.id("whoami-name")).getText());
            });
        } catch (TimeoutException e) {
            throw timeout("the app after logging in as " + user, e);
        }
    }

    /** Signs out with the button in the navigation and waits for the login form. */
    public void logout() {
        click("logout");
        waitFor("#login");
    }

    /** Goes to a page of the app by its hash route ({@code "extensions"}, {@code "extensions/1001"}). */
    public void go(String route) {
        driver.executeScript("location.hash = arguments[0]", "#/" + route);
        waitFor("section.page[data-page]");
    }

    /** Waits until the element with this id can be clicked, then clicks it. */
    public void click(String id) {
        clickable(By.id(id)).click();
    }

    /** Waits for a CSS selector to match a clickable element, then clicks it. */
    public void clickSelector(String css) {
        clickable(By.cssSelector(css)).click();
    }

    /** Replaces the value of the input with this id. */
    public void fill(String id, String text) {
        WebElement e = waitFor(By.id(id));
        e.clear();
        e.sendKeys(text);
    }

    /** Chooses an option of the select with this id by its value. */
    public void select(String id, String value) {
        new Select(waitFor(By.id(id))).selectByValue(value);
    }

    /** Ticks or clears the checkbox with this id. */
    public void check(String id, boolean on) {
        WebElement e = waitFor(By.id(id));
        if (e.isSelected() != on) {
            e.click();
        }
    }

    /** Confirms the open confirmation dialog ("Delete", "Switch off" ...) and returns its message. */
    public String confirm() {
        waitFor("#confirm-dialog[open]");
        String message = text("confirm-message");
        click("confirm-ok");
        waitGone("#confirm-dialog[open]");
        return message;
    }

    /** The visible text of the element with this id. */
    public String text(String id) {
        return waitFor(By.id(id)).getText();
    }

    /** Waits until an element matching the CSS selector is displayed, and returns it. */
    public WebElement waitFor(String css) {
        return waitFor(By.cssSelector(css), TIMEOUT);
    }

    public WebElement waitFor(String css, Duration timeout) {
        return waitFor(By.cssSelector(css), timeout);
    }

    public WebElement waitFor(By by) {
        return waitFor(by, TIMEOUT);
    }

    public WebElement waitFor(By by, Duration timeout) {
        try {
            return new WebDriverWait(driver, timeout).ignoring(StaleElementReferenceException.class)
                    .until(ExpectedConditions.visibilityOfElementLocated(by));
        } catch (TimeoutException e) {
            throw timeout(by.toString(), e);
        }
    }

    /** Waits until the page shows this text somewhere. */
    public void waitForText(String text) {
        waitForText(text, TIMEOUT);
    }

    public void waitForText(String text, Duration timeout) {
        try {
            new WebDriverWait(driver, timeout).ignoring(StaleElementReferenceException.class)
                    .until(d -> d.findElement(By.tagName("body")).getText().contains(text));
        } catch (TimeoutException e) {
            throw timeout("the text '" + text + "'", e);
        }
    }

    /** Waits until nothing displayed matches the CSS selector. */
    public void waitGone(String css) {
        try {
            new WebDriverWait(driver, TIMEOUT).until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(css)));
        } catch (TimeoutException e) {
            throw timeout("'" + css + "' to go away", e);
        }
    }

    /**
     * Waits until the data region with this id has finished loading ({@code data-state} is no
     * longer {@code loading}) and returns its state: ready, error, or a page's own.
     */
    public String settled(String regionId) {
        try {
            return new WebDriverWait(driver, TIMEOUT).ignoring(NoSuchElementException.class)
                    .ignoring(StaleElementReferenceException.class).until(d -> {
                        String s = d.findElement(By.id(regionId)).getAttribute("data-state");
                        return s == null || s.equals("loading") ? null : s;
                    });
        } catch (TimeoutException e) {
            throw timeout("#" + regionId + " to finish loading", e);
        }
    }

    /**
     * Waits until the current page of the app has finished loading: its section is there and none
     * of its data regions is still loading. Returns the page's name ({@code data-page}).
     */
    public String settle() {
        try {
            return new WebDriverWait(driver, TIMEOUT).ignoring(StaleElementReferenceException.class).until(d -> {
                List<WebElement> page = d.findElements(By.cssSelector("#page > section.page[data-page]"));
                if (page.isEmpty() || !d.findElements(By.cssSelector("#page [data-state='loading']")).isEmpty()) {
                    return null;
                }
                return page.get(0).getAttribute("data-page");
            });
        } catch (TimeoutException e) {
            throw timeout("the page to finish loading", e);
        }
    }

    /** Whether an element matching the CSS selector is displayed now (no waiting). */
    public boolean isShown(String css) {
        try {
            return driver.findElements(By.cssSelector(css)).stream().anyMatch(WebElement::isDisplayed);
        } catch (StaleElementReferenceException e) {
            return false;
        }
    }

    /** The texts of all displayed elements matching the CSS selector, in page order. */
    public List<String> texts(String css) {
        return driver.findElements(By.cssSelector(css)).stream().filter(WebElement::isDisplayed)
                .map(WebElement::getText).collect(Collectors.toList());
    }

    public Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    /** Saves what the window shows as target/screenshots/NAME.png and returns the file. */
    public Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The console messages at level SEVERE since the last call: script errors, failed loads and
     * Content-Security-Policy violations. Failed API calls (a 404 of an endpoint not there yet)
     * show as "Failed to load resource" and can be filtered out by the caller.
     */
    public List<String> consoleErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage).collect(Collectors.toList());
    }

    /** A timeout, with where the browser was and a screenshot of what it showed. */
    private AssertionError timeout(String what, TimeoutException e) {
        String shot;
        try {
            shot = " (screenshot " + screenshot("timeout-" + (++failures)) + ")";
        } catch (RuntimeException ex) {
            shot = "";
        }
        return new AssertionError("timed out after " + TIMEOUT.toSeconds() + " s waiting for " + what + " at "
                + driver.getCurrentUrl() + shot, e);
    }

    private WebElement clickable(By by) {
        try {
            return new WebDriverWait(driver, TIMEOUT).ignoring(StaleElementReferenceException.class)
                    .until(ExpectedConditions.elementToBeClickable(by));
        } catch (TimeoutException e) {
            throw timeout(by + " to be clickable", e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
            deleteProfile();
        }
    }

    private void deleteProfile() {
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException e) {
            // a temporary folder left behind is harmless
        }
    }
}

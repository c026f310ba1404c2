package guardrails.cli.audit;

import guardrails.shared.findings.Finding;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.print.PrintOptions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The audit report of the field scenario in a real browser (Debian's Chromium, headless, driven by Selenium): on a
 * desktop and on a phone the page never scrolls sideways and every finding's title shows; the capacity chart's
 * labels overlap nothing; printed, it is a PDF whose cards and rows are not split and whose boxes clip nothing.
 * Screenshots and the PDF are left in target/audit-in-browser/ to look at.
 */
class AuditReportInBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path OUT = Path.of("target", "audit-in-browser");

    static AuditReport report;
    static ChromeDriver browser;

    @BeforeAll
    static void openTheFieldScenariosReport() throws Exception {
        for (Path program : List.of(CHROMIUM, CHROMEDRIVER)) {
            assertTrue(Files.isExecutable(program), program + " is missing: install Chromium and its driver with"
                    + " apt-get install -y chromium chromium-driver (./guardrails test does it on a fresh machine)");
        }
        report = FieldAudit.run().report();
        Path html = Audit.write(report, OUT);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + Files.createTempDirectory("audit-chromium"));
        // The driver named explicitly: Selenium Manager then looks for nothing and downloads nothing.
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).build();
        browser = new ChromeDriver(service, options);
        browser.get(html.toUri().toString());
    }

    @AfterAll
    static void closeTheBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @ParameterizedTest(name = "{0} px wide")
    @ValueSource(ints = {1280, 390})
    void thePageNeverScrollsSidewaysAndEveryFindingShows(int width) throws Exception {
        viewport(width, 2000);
        assertEquals(width, ((Number) browser.executeScript("return window.innerWidth")).intValue(),
                "the viewport is the screen's width");
        long pageWidth = ((Number) browser.executeScript("return document.documentElement.scrollWidth")).longValue();
        assertTrue(pageWidth <= width, "the page is " + pageWidth + " px wide on a " + width + " px screen");

        List<WebElement> titles = browser.findElements(By.cssSelector("article h3"));
        assertEquals(report.findings().size(), titles.size());
        for (Finding finding : report.findings()) {
            WebElement title = titles.stream().filter(t -> t.getText().contains(finding.title())).findFirst()
                    .orElseThrow(() -> new AssertionError("no title shows " + finding.title()));
            browser.executeScript("arguments[0].scrollIntoView()", title);
            assertTrue(title.isDisplayed(), finding.title());
            assertTrue(title.getRect().getX() + title.getRect().getWidth() <= width, "inside the screen: "
                    + finding.title());
        }
        // No id is broken across lines (at its hyphen, say), where copying it would go wrong.
        @SuppressWarnings("unchecked")
        List<String> broken = (List<String>) browser.executeScript("return [...document.querySelectorAll('.id')]"
                + ".filter(e => e.getClientRects().length > 1).map(e => e.textContent)");
        assertEquals(List.of(), broken, "ids on more than one line");
        // Every command in a block of its own, whole, for copying.
        List<String> commands = browser.findElements(By.cssSelector("article pre code")).stream()
                .map(code -> (String) browser.executeScript("return arguments[0].textContent", code)).toList();
        assertTrue(commands.stream().anyMatch(c -> c.startsWith("aws ec2 revoke-security-group-ingress --group-id ")),
                commands.toString());
        assertTrue(commands.stream().allMatch(c -> c.startsWith("aws ") && !c.endsWith(".") && !c.endsWith(",")),
                commands.toString());
        browser.executeScript("window.scrollTo(0, 0)");
        Files.write(OUT.resolve("audit-report-" + width + ".png"), browser.getScreenshotAs(OutputType.BYTES));
    }

    @ParameterizedTest(name = "{0} px wide")
    @ValueSource(ints = {1280, 390})
    void theCapacityChartsLabelsOverlapNothing(int width) {
        viewport(width, 2000);
        @SuppressWarnings("unchecked")
        Map<String, List<List<Number>>> boxes = (Map<String, List<List<Number>>>) browser.executeScript("""
                const chart = document.getElementById('capacity-chart');
                const box = e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
                return {chart: [box(chart)], labels: [...chart.querySelectorAll('text')].map(box),
                        bars: [...chart.querySelectorAll('rect.bar')].map(box)};""");
        List<List<Number>> labels = boxes.get("labels");
        List<Number> chart = boxes.get("chart").get(0);
        assertEquals(report.capacity().subnets().size() * 4, labels.size(), "four labels a subnet");
        assertTrue(chart.get(2).doubleValue() <= width, "the chart fits the screen: " + chart);
        List<String> overlaps = new ArrayList<>();
        for (int i = 0; i < labels.size(); i++) {
            List<Number> label = labels.get(i);
            if (!inside(label, chart)) {
                overlaps.add("label " + i + " " + label + " outside the chart " + chart);
            }
            for (int j = i + 1; j < labels.size(); j++) {
                if (intersect(label, labels.get(j))) {
                    overlaps.add("labels " + i + " and " + j);
                }
            }
            for (List<Number> bar : boxes.get("bars")) {
                if (intersect(label, bar)) {
                    overlaps.add("label " + i + " and a bar");
                }
            }
        }
        assertEquals(List.of(), overlaps);
    }

    @Test
    void printedItIsAPdfOfSeveralPages() throws Exception {
        viewport(1280, 2000);
        byte[] pdf = Base64.getDecoder().decode(browser.print(new PrintOptions()).getContent());
        Files.write(OUT.resolve("audit-report.pdf"), pdf);
        String text = new String(pdf, java.nio.charset.StandardCharsets.ISO_8859_1);
        assertTrue(text.startsWith("%PDF-"), "a PDF");
        long pages = Pattern.compile("/Type\\s*/Page(?!s)").matcher(text).results().count();
        assertTrue(pages > 1, "pages: " + pages);
    }

    /** In print, cards and rows stay whole, scroll boxes clip nothing, commands wrap, links print as text. */
    @Test
    void printStylesKeepCardsAndRowsWholeAndClipNothing() {
        viewport(390, 2000);
        // Chromium's own print-media emulation, as DevTools' "Rendering > Emulate CSS media" uses:
        // https://chromedevtools.github.io/devtools-protocol/tot/Emulation/#method-setEmulatedMedia
        browser.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", "print"));
        try {
            assertEquals(List.of("avoid", "avoid"), List.of(style("article", "breakInside"), style("tr",
                    "breakInside")));
            assertEquals(List.of("visible", "visible", "pre-wrap"), List.of(style(".scroll", "overflowX"),
                    style("pre", "overflowX"), style("pre", "whiteSpace")));
            assertEquals(style("body", "color"), style("a", "color"), "links print as text");
        } finally {
            browser.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", ""));
        }
        // On screen the same boxes scroll, and ids do not break.
        assertEquals(List.of("auto", "auto", "pre", "nowrap"), List.of(style(".scroll", "overflowX"),
                style("pre", "overflowX"), style("pre", "whiteSpace"), style("code.id", "whiteSpace")));
        assertFalse(browser.findElements(By.cssSelector("article a[href^='https://us-east-1.console.aws.amazon.com/']"))
                .isEmpty(), "resources link to their console pages");
    }

    private static String style(String selector, String property) {
        return (String) browser.executeScript("return getComputedStyle(document.querySelector(arguments[0]))"
                + "[arguments[1]]", selector, property);
    }

    /** A screen of this size, as a phone's or a desktop's (device metrics, so no minimum window width applies). */
    private static void viewport(int width, int height) {
        browser.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height,
                "deviceScaleFactor", 1, "mobile", false));
    }

    private static boolean intersect(List<Number> a, List<Number> b) {
        double tolerance = 0.5; // glyph boxes that only touch do not overlap
        return a.get(0).doubleValue() < b.get(2).doubleValue() - tolerance
                && b.get(0).doubleValue() < a.get(2).doubleValue() - tolerance
                && a.get(1).doubleValue() < b.get(3).doubleValue() - tolerance
                && b.get(1).doubleValue() < a.get(3).doubleValue() - tolerance;
    }

    private static boolean inside(List<Number> inner, List<Number> outer) {
        double tolerance = 0.5;
        return inner.get(0).doubleValue() >= outer.get(0).doubleValue() - tolerance
                && inner.get(2).doubleValue() <= outer.get(2).doubleValue() + tolerance;
    }
}

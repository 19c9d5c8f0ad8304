package com.dialsmart.ghlbroadcast.ghlsync;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import com.dialsmart.ghlbroadcast.broadcast.BroadcastQueueService;
import com.dialsmart.ghlbroadcast.broadcast.BroadcastQueueService.NewContact;
import com.dialsmart.ghlbroadcast.support.Fixtures;
import com.dialsmart.ghlbroadcast.support.IntegrationTest;
import com.dialsmart.ghlbroadcast.support.SecondContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Settings → GHL Integration page in a real headless Chromium (Debian's chromium and chromedriver, which
 * {@code .ci/run} installs): sign in, generate a key, save credentials, set up the fields against the GHL fake, see a
 * failed update and retry it. Screenshots go to {@code target/screenshots/}.
 */
// without a browser to drive, no context is started for nothing (on CI a missing browser fails the test instead)
@EnabledIf("browserInstalledOrRequired")
// the page's requests that reach the GHL fake, through a browser on a busy machine: more than the 2 s the failure
// tests need
@SecondContext
class GhlIntegrationPageBrowserTests extends IntegrationTest {

	private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	private static final Path SCREENSHOTS = Path.of("target", "screenshots");

	static final GhlFake ghl = GhlFake.get();

	@LocalServerPort
	int port;

	@Autowired
	Fixtures fixtures;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TransactionTemplate transactions;

	@Autowired
	BroadcastQueueService queue;

	@Autowired
	PendingUpdateService outbox;

	WebDriver browser;

	WebDriverWait wait;

	static boolean browserInstalledOrRequired() {
		return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER) || System.getenv("CI") != null;
	}

	@BeforeEach
	void startBrowser() {
		boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
		if (!installed && System.getenv("CI") != null) {
			throw new IllegalStateException("CI must install chromium and chromium-driver (see .ci/run)");
		}
		Assumptions.assumeTrue(installed, "chromium and chromium-driver are not installed");
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
				"--disable-sync", "--window-size=1400,1100");
		ChromeDriverService service = new ChromeDriverService.Builder()
			.usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.build();
		this.browser = new ChromeDriver(service, options);
		this.wait = new WebDriverWait(this.browser, Duration.ofSeconds(20));
		ghl.reset();
	}

	@AfterEach
	void stopBrowser() {
		if (this.browser != null) {
			this.browser.quit();
		}
	}

	@Test
	void generatesAKeySetsUpFieldsAndRetriesAFailedUpdate() throws IOException {
		Fixtures.Tenant tenant = this.fixtures.tenant();
		String location = "loc" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
		String ghlToken = "pit-" + UUID.randomUUID();
		ghl.location(location, ghlToken);

		this.browser.get("http://localhost:" + this.port + "/ghl-integration.html");
		this.browser.findElement(By.id("token-input")).sendKeys(tenant.token());
		this.browser.findElement(By.id("sign-in-button")).click();
		this.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("panel-webhook")));

		// Webhook tab: a new key, shown once, that works on the trigger
		this.browser.findElement(By.id("generate-key")).click();
		this.wait.until(ExpectedConditions.alertIsPresent()).accept();
		WebElement key = this.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("webhook-key-value")));
		assertThat(key.getText()).startsWith("wh_").isNotEqualTo(tenant.webhookKey());
		assertThat(text("workflow-body")).contains(key.getText()).contains(tenant.broadcastId().toString());
		this.browser.findElement(By.id("test-webhook")).click();
		this.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("test-result"), "OK"));
		this.wait.until(d -> !d.findElements(By.cssSelector("#activity-table tbody tr")).isEmpty());
		screenshot("1-webhook");

		// Credentials tab
		this.browser.findElement(By.id("tab-credentials")).click();
		this.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("location-id"))).sendKeys(location);
		this.browser.findElement(By.id("access-token")).sendKeys(ghlToken);
		this.browser.findElement(By.id("sync-enabled")).click();
		this.browser.findElement(By.id("save-credentials")).click();
		this.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status-line"), "Credentials saved"));
		assertThat(text("access-token-set")).isEqualTo("(stored)");

		// Field Mapping tab: the six fields are created in the fake GHL location
		this.browser.findElement(By.id("tab-fields")).click();
		this.wait.until(ExpectedConditions.elementToBeClickable(By.id("setup-fields"))).click();
		this.wait.until(d -> d.findElements(By.cssSelector("#fields-table tbody tr")).size() == 6);
		assertThat(this.browser.findElements(By.cssSelector("#fields-table tbody tr td:nth-child(3)")))
			.extracting(WebElement::getText)
			.containsOnly("created");
		assertThat(ghl.locationState(location).fields).hasSize(6);
		screenshot("2-fields");

		// Sync tab: a failed update is listed with its error and sent once after Retry
		UUID update = failedUpdate(tenant, "pageContact" + UUID.randomUUID().toString().substring(0, 8));
		this.browser.findElement(By.id("tab-sync")).click();
		WebElement row = this.wait.until(ExpectedConditions
			.visibilityOfElementLocated(By.cssSelector("#updates-table tr[data-id='" + update + "']")));
		assertThat(row.getAttribute("class")).contains("failure");
		assertThat(row.getText()).contains("GHL answered 500 three times");
		screenshot("3-sync-failed");
		row.findElement(By.className("retry-one")).click();
		this.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status-line"), "Put back for sending: 1"));
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(status(update)).isEqualTo("sent"));
		assertThat(this.browser.findElements(By.cssSelector("#updates-table tr[data-id='" + update + "']"))).isEmpty();
		screenshot("4-sync-retried");
	}

	/** A final outcome whose sync gave up: what an operator sees after a long GHL outage. */
	private UUID failedUpdate(Fixtures.Tenant tenant, String contactId) {
		return this.transactions.execute(tx -> {
			UUID item = this.queue.enqueue(tenant.accountId(), tenant.broadcastId(),
					new NewContact(Fixtures.uniquePhone(), "Page Contact", null, contactId)).queueItemId();
			String name = this.jdbc.sql("select name from voice_broadcasts where id = ?")
				.param(tenant.broadcastId())
				.query(String.class)
				.single();
			this.outbox.enqueue(new OutcomeToSync(item, tenant.accountId(), tenant.broadcastId(), name, contactId,
					"answered", 31, Instant.now(), null, false, null));
			this.jdbc.sql("""
					update ghl_pending_updates set status = 'failed', retry_count = 9, last_http_status = 500,
					       error_message = 'GHL answered 500 three times' where queue_item_id = ?""")
				.param(item)
				.update();
			return this.jdbc.sql("select id from ghl_pending_updates where queue_item_id = ?")
				.param(item)
				.query(UUID.class)
				.single();
		});
	}

	private String status(UUID update) {
		return this.jdbc.sql("select status from ghl_pending_updates where id = ?").param(update)
			.query(String.class).single();
	}

	private String text(String id) {
		return this.browser.findElement(By.id(id)).getText();
	}

	private void screenshot(String name) throws IOException {
		Files.createDirectories(SCREENSHOTS);
		File shot = ((TakesScreenshot) this.browser).getScreenshotAs(OutputType.FILE);
		Files.copy(shot.toPath(), SCREENSHOTS.resolve("ghl-integration-" + name + ".png"),
				StandardCopyOption.REPLACE_EXISTING);
	}

}

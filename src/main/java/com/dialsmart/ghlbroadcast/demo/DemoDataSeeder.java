package com.dialsmart.ghlbroadcast.demo;

import java.util.UUID;

import com.dialsmart.ghlbroadcast.account.AccountService;
import com.dialsmart.ghlbroadcast.account.AccountView;
import com.dialsmart.ghlbroadcast.account.JwtTokens;
import com.dialsmart.ghlbroadcast.account.WebhookKeyService;
import com.dialsmart.ghlbroadcast.broadcast.BroadcastRequest;
import com.dialsmart.ghlbroadcast.broadcast.BroadcastService;
import com.dialsmart.ghlbroadcast.broadcast.BroadcastService.Transition;
import com.dialsmart.ghlbroadcast.broadcast.BroadcastView;
import com.dialsmart.ghlbroadcast.shared.RunMode;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * In demo mode, creates a demo account with an active broadcast on first start, and prints what is needed to call
 * the service: an operator token, the webhook key (first start only: only its hash is kept) and the broadcast id.
 * Printed to the console, not the log.
 */
@Component
class DemoDataSeeder implements ApplicationRunner {

	static final String DEMO_ACCOUNT = "Demo Agency";

	private final RunMode runMode;

	private final AccountService accounts;

	private final WebhookKeyService webhookKeys;

	private final BroadcastService broadcasts;

	private final JwtTokens tokens;

	private final Environment environment;

	DemoDataSeeder(RunMode runMode, AccountService accounts, WebhookKeyService webhookKeys, BroadcastService broadcasts,
			JwtTokens tokens, Environment environment) {
		this.runMode = runMode;
		this.accounts = accounts;
		this.webhookKeys = webhookKeys;
		this.broadcasts = broadcasts;
		this.tokens = tokens;
		this.environment = environment;
	}

	@Override
	public void run(ApplicationArguments args) {
		if (!this.runMode.demo()) {
			return;
		}
		String webhookKey = null;
		AccountView account = this.accounts.findFirstByName(DEMO_ACCOUNT).orElse(null);
		UUID broadcastId;
		if (account == null) {
			account = this.accounts.create(DEMO_ACCOUNT, "US");
			webhookKey = this.webhookKeys.rotate(account.id()).webhookKey();
			BroadcastView broadcast = this.broadcasts.create(account.id(), new BroadcastRequest("Demo broadcast",
					"Hello from the demo broadcast. Press 1 to be called back, or 9 to opt out.", null, null, null,
					null, null, null, null, null, null));
			broadcastId = this.broadcasts.transition(account.id(), broadcast.id(), Transition.ACTIVATE).id();
		}
		else {
			broadcastId = this.broadcasts.list(account.id(), 0, 1).items().stream().findFirst()
				.map(BroadcastView::id).orElse(null);
		}
		print(account, webhookKey, broadcastId);
	}

	private void print(AccountView account, String webhookKey, UUID broadcastId) {
		String port = this.environment.getProperty("local.server.port", this.environment.getProperty("server.port", "8080"));
		String base = "http://localhost:" + port;
		String token = this.tokens.operatorToken(account.id()).token();
		StringBuilder out = new StringBuilder();
		out.append("\n================ GHL voice broadcast service: demo mode ================\n");
		out.append("Data folder:     ").append(this.runMode.dataDir()).append('\n');
		out.append("Demo account:    ").append(account.id()).append(" (").append(account.name()).append(")\n");
		out.append("Operator token:  ").append(token).append('\n');
		out.append("Broadcast id:    ").append(broadcastId).append('\n');
		if (webhookKey != null) {
			out.append("Webhook key:     ").append(webhookKey).append("   (shown once: only its hash is stored)\n\n");
			out.append("Try it:\n");
			out.append("curl -s -X POST ").append(base).append("/functions/v1/ghl-webhook-trigger \\\n")
				.append("  -H 'Content-Type: application/json' \\\n")
				.append("  -d '{\"action\":\"add_to_broadcast\",\"webhook_key\":\"").append(webhookKey)
				.append("\",\"broadcast_id\":\"").append(broadcastId)
				.append("\",\"phone\":\"+12125550123\",\"name\":\"Jane Doe\",\"ghl_contact_id\":\"demo-contact-1\"}'\n");
		}
		else {
			out.append("Webhook key:     printed on the first start only; to get a new one:\n");
			out.append("curl -s -X POST ").append(base).append("/api/ghl/webhook-key -H 'Authorization: Bearer ")
				.append(token).append("'\n");
		}
		out.append("=========================================================================\n");
		System.out.println(out);
	}

}

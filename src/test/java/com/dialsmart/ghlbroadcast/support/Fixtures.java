package com.dialsmart.ghlbroadcast.support;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import com.dialsmart.ghlbroadcast.account.AccountService;
import com.dialsmart.ghlbroadcast.account.AccountView;
import com.dialsmart.ghlbroadcast.account.JwtTokens;
import com.dialsmart.ghlbroadcast.account.WebhookKeyService;
import com.dialsmart.ghlbroadcast.broadcast.BroadcastRequest;
import com.dialsmart.ghlbroadcast.broadcast.BroadcastService;
import com.dialsmart.ghlbroadcast.broadcast.BroadcastService.Transition;
import org.springframework.boot.test.context.TestComponent;

/** Sets up accounts, keys, tokens and broadcasts through the public services, with data unique to each call. */
@TestComponent
public class Fixtures {

	private static final AtomicInteger PHONES = new AtomicInteger();

	private final AccountService accounts;

	private final WebhookKeyService webhookKeys;

	private final BroadcastService broadcasts;

	private final JwtTokens tokens;

	public Fixtures(AccountService accounts, WebhookKeyService webhookKeys, BroadcastService broadcasts,
			JwtTokens tokens) {
		this.accounts = accounts;
		this.webhookKeys = webhookKeys;
		this.broadcasts = broadcasts;
		this.tokens = tokens;
	}

	/** An account with a webhook key, an operator token and one active broadcast. */
	public record Tenant(UUID accountId, String webhookKey, String token, UUID broadcastId) {
	}

	public Tenant tenant() {
		AccountView account = this.accounts.create("Agency " + UUID.randomUUID(), "US");
		String key = this.webhookKeys.rotate(account.id()).webhookKey();
		UUID broadcast = broadcast(account.id(), Transition.ACTIVATE);
		return new Tenant(account.id(), key, this.tokens.operatorToken(account.id()).token(), broadcast);
	}

	/** A new broadcast of the account, moved by the given transitions (none: a draft). */
	public UUID broadcast(UUID accountId, Transition... transitions) {
		UUID id = this.broadcasts.create(accountId, new BroadcastRequest("Campaign " + UUID.randomUUID(), null, null,
				null, null, null, null, null, null, null, null)).id();
		for (Transition transition : transitions) {
			this.broadcasts.transition(accountId, id, transition);
		}
		return id;
	}

	public String serviceToken() {
		return this.tokens.serviceToken(Duration.ofHours(1)).token();
	}

	/**
	 * A valid, fictional US number never handed out before in this JVM: 212-555-01xx style numbers are too few, so
	 * these use real NANP area codes with 555 exchanges' neighbours that libphonenumber accepts.
	 */
	public static String uniquePhone() {
		int n = PHONES.incrementAndGet();
		return String.format("+1212%03d%04d", 200 + (n / 10000) % 700, n % 10000);
	}

}

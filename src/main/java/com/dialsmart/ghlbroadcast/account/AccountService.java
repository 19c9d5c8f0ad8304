package com.dialsmart.ghlbroadcast.account;

import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import com.dialsmart.ghlbroadcast.shared.PhoneNumbers;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Creates and finds accounts. */
@Service
public class AccountService {

	private final AccountRepository accounts;

	private final Clock clock;

	private final JdbcClient jdbc;

	AccountService(AccountRepository accounts, Clock clock, JdbcClient jdbc) {
		this.accounts = accounts;
		this.clock = clock;
		this.jdbc = jdbc;
	}

	/**
	 * @param name 1 to 200 characters
	 * @param defaultPhoneRegion a region {@link PhoneNumbers#isSupportedRegion libphonenumber knows}, or {@code null}
	 * for US
	 */
	@Transactional
	public AccountView create(String name, String defaultPhoneRegion) {
		String region = defaultPhoneRegion == null ? "US" : defaultPhoneRegion.strip().toUpperCase(Locale.ROOT);
		Account account = new Account(UUID.randomUUID(), name.strip(), region, this.clock.instant());
		return this.accounts.save(account).view();
	}

	@Transactional(readOnly = true)
	public Optional<AccountView> find(UUID id) {
		return this.accounts.findById(id).map(Account::view);
	}

	/** The oldest account with exactly this name. */
	@Transactional(readOnly = true)
	public Optional<AccountView> findFirstByName(String name) {
		return this.accounts.findFirstByNameOrderByCreatedAtAsc(name).map(Account::view);
	}

	/**
	 * The account's time zone for phone numbers that map to none (an IANA id such as {@code America/New_York}). Read
	 * by the dialler once per claimed batch, so one plain statement outside any transaction rather than a JPA read.
	 */
	public Optional<String> defaultTimeZone(UUID id) {
		return this.jdbc.sql("select default_time_zone from accounts where id = ?").param(id).query(String.class)
			.optional();
	}

	@Transactional(readOnly = true)
	public boolean exists(UUID id) {
		return this.accounts.existsById(id);
	}

}
